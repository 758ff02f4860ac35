// How an outbox item moves between statuses while it is sent. Each step is one
// read-write transaction, so that two senders (two tabs, or a tab and its
// reloaded self) can never both take the same report.
import { contentHash } from '../report/contentHash';
import { SENDING_PAUSE_KEY, type SendingPause } from './sendingPause';
import { backoffDelayMs, type BackoffPolicy } from './backoff';
import type { OutboxItem, SendError, ShouhuDatabase } from './db';
import type { SendOutcome } from './sendReport';

/** The queued reports due by `now`, oldest filed first. */
export async function dueItems(db: ShouhuDatabase, now: number): Promise<OutboxItem[]> {
  const items = await db.outbox
    .where('[status+nextAttemptAt]')
    .between(['queued', -Infinity], ['queued', now], true, true)
    .toArray();
  return items.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
}

/** When the next queued report falls due, or undefined when none waits. */
export async function earliestQueuedAttempt(db: ShouhuDatabase): Promise<number | undefined> {
  const first = await db.outbox
    .where('[status+nextAttemptAt]')
    .between(['queued', -Infinity], ['queued', Infinity], true, true)
    .first();
  return first?.nextAttemptAt;
}

/**
 * Reports left in "sending" by a sender that died mid-request go back in the
 * queue. Only call this holding the sender lock: a live sender's reports are
 * in "sending" too. Resending is safe thanks to the idempotency key.
 */
export function recoverStaleSending(db: ShouhuDatabase): Promise<number> {
  return db.outbox.where('status').equals('sending').modify({ status: 'queued' });
}

/** queued → sending, if the report is still queued and due; undefined when another sender took it. */
export function claimForSending(db: ShouhuDatabase, id: string, now: number): Promise<OutboxItem | undefined> {
  return db.transaction('rw', db.outbox, async () => {
    const item = await db.outbox.get(id);
    if (!item || item.status !== 'queued' || item.nextAttemptAt > now) return undefined;
    const claimed: OutboxItem = { ...item, status: 'sending', lastAttemptAt: new Date(now).toISOString() };
    await db.outbox.put(claimed);
    return claimed;
  });
}

/** sending → queued, untouched, for a report this sender cannot open (no outbox key in this session). */
export function releaseClaim(db: ShouhuDatabase, id: string): Promise<void> {
  return db.transaction('rw', db.outbox, async () => {
    const item = await db.outbox.get(id);
    if (item?.status === 'sending') await db.outbox.update(id, { status: 'queued' });
  });
}

/** Reports queued under database version 1 have no content hash yet; it is computed before the first send. */
export async function ensureContentHash(db: ShouhuDatabase, item: OutboxItem): Promise<OutboxItem> {
  if (item.contentHash !== '') return item;
  const hash = await contentHash(item.report);
  await db.transaction('rw', db.outbox, async () => {
    const current = await db.outbox.get(item.id);
    if (current?.contentHash === '') await db.outbox.update(item.id, { contentHash: hash });
  });
  return { ...item, contentHash: hash };
}

export interface RecordContext {
  now: number;
  random: () => number;
  backoff: BackoffPolicy;
  /** Kept with a pause, to resume when the settings change. */
  configFingerprint: string;
}

/**
 * Writes the outcome of sending `sent`. Ignored when the report changed
 * meanwhile (corrected, or acknowledged through another sender): an outcome
 * only ever describes the version that was sent. Returns the stored item, or
 * undefined when nothing was written.
 */
export function recordOutcome(
  db: ShouhuDatabase,
  sent: OutboxItem,
  outcome: SendOutcome,
  context: RecordContext,
): Promise<OutboxItem | undefined> {
  return db.transaction('rw', db.outbox, db.settings, async () => {
    const current = await db.outbox.get(sent.id);
    if (!current || current.contentHash !== sent.contentHash) return undefined;
    if (current.status !== 'sending' && current.status !== 'queued') return undefined;
    const next = applyOutcome(current, outcome, context);
    await db.outbox.put(next);
    if (outcome.kind === 'paused') {
      const pause: SendingPause = {
        configFingerprint: context.configFingerprint,
        reason: outcome.reason,
        status: outcome.status,
        at: new Date(context.now).toISOString(),
      };
      await db.settings.put({ key: SENDING_PAUSE_KEY, value: pause });
    }
    return next;
  });
}

function applyOutcome(item: OutboxItem, outcome: SendOutcome, { now, random, backoff }: RecordContext): OutboxItem {
  const at = new Date(now).toISOString();
  const { lastError: _previous, ...rest } = item;
  const attempted = { ...rest, attempts: item.attempts + 1 };
  switch (outcome.kind) {
    case 'acknowledged':
      return {
        ...attempted,
        status: 'acknowledged',
        acknowledgedAt: at,
        ...(outcome.receiptId !== undefined && { receiptId: outcome.receiptId }),
        ...(outcome.receivedAt !== undefined && { receivedAt: outcome.receivedAt }),
      };
    case 'conflict':
      return { ...attempted, status: 'conflict', lastError: error('conflict', at, outcome.status, outcome.message) };
    case 'rejected':
      return {
        ...attempted,
        status: 'rejected',
        lastError: { ...error('rejected', at, outcome.status, outcome.message), ...(outcome.fields && { fields: outcome.fields }) },
      };
    case 'paused':
      return { ...attempted, status: 'paused', lastError: error(outcome.reason, at, outcome.status) };
    case 'retry': {
      const delay = outcome.retryAfterMs ?? backoffDelayMs(attempted.attempts, random, backoff);
      return {
        ...attempted,
        status: 'queued',
        nextAttemptAt: now + delay,
        lastError: error(outcome.reason, at, outcome.status),
      };
    }
  }
}

function error(kind: SendError['kind'], at: string, status?: number, message?: string): SendError {
  return {
    kind,
    at,
    ...(status !== undefined && { status }),
    ...(message !== undefined && { message }),
  };
}
