// How an outbox item moves between statuses while it is sent. Each step is one
// read-write transaction, so that two senders (two tabs, or a tab and its
// reloaded self) can never both take the same report. The engine claims and
// records in batches: a read-write transaction costs far more than a record.
import { SENDING_PAUSE_KEY, type SendingPause } from './sendingPause';
import { backoffDelayMs, type BackoffPolicy } from './backoff';
import type { OutboxItem, SendError, ShouhuDatabase } from '../storage/db';
import type { SendOutcome } from './answers';

/**
 * When a report that is not sealed for the agency yet may next be tried:
 * never, until it is sealed (src/vault/legacyOutbox.ts sets it due again).
 * IndexedDB orders Infinity after every time, so no pass finds it due.
 */
export const PARKED = Number.POSITIVE_INFINITY;

/**
 * The ids of the queued reports due by `now`, oldest filed first. Only keys are
 * read: the records themselves are read when they are claimed.
 */
export function dueIds(db: ShouhuDatabase, now: number): Promise<string[]> {
  return db.transaction('r', db.outbox, async () => {
    const due = new Set(
      await db.outbox.where('[status+nextAttemptAt]').between(['queued', -Infinity], ['queued', now], true, true).primaryKeys(),
    );
    if (due.size === 0) return [];
    // The due index orders by nextAttemptAt; the filing order comes from the submittedAt index.
    const filed = await db.outbox.orderBy('submittedAt').primaryKeys();
    return filed.filter((id) => due.has(id));
  });
}

/** When the next queued report falls due, or undefined when none waits (a parked report waits for a person, not a time). */
export async function earliestQueuedAttempt(db: ShouhuDatabase): Promise<number | undefined> {
  const first = await db.outbox
    .where('[status+nextAttemptAt]')
    .between(['queued', -Infinity], ['queued', PARKED], true, false)
    .first();
  return first?.nextAttemptAt;
}

/** How many reports are in "sending", a live sender's or a dead one's. */
export function countSending(db: ShouhuDatabase): Promise<number> {
  return db.outbox.where('status').equals('sending').count();
}

/**
 * The reports waiting out a backoff after a network failure or a time limit
 * fall due now; a receiver's Retry-After still holds.
 */
export async function networkFailuresDueNow(db: ShouhuDatabase, now: number): Promise<void> {
  await db.outbox
    .where('status')
    .equals('queued')
    .filter((item) => item.nextAttemptAt > now && item.nextAttemptAt !== PARKED && (item.lastError?.kind === 'network' || item.lastError?.kind === 'timeout'))
    .modify({ nextAttemptAt: now });
}

/**
 * Reports left in "sending" by a sender that died mid-request go back in the
 * queue. Only call this holding the sender lock: a live sender's reports are
 * in "sending" too. Resending is safe thanks to the idempotency key.
 */
export function recoverStaleSending(db: ShouhuDatabase): Promise<number> {
  return db.outbox.where('status').equals('sending').modify({ status: 'queued' });
}

/**
 * queued → sending, for those of `ids` still queued and due, in one transaction:
 * two senders claiming at once never both get a report. Returns the claimed
 * items in the order of `ids`; the others were taken by another sender or
 * changed since `ids` were read.
 */
export function claimBatch(db: ShouhuDatabase, ids: readonly string[], now: number): Promise<OutboxItem[]> {
  return db.transaction('rw', db.outbox, async () => {
    const items = await db.outbox.bulkGet([...new Set(ids)]);
    const lastAttemptAt = new Date(now).toISOString();
    const claimed = items
      .filter((item): item is OutboxItem => item !== undefined && item.status === 'queued' && item.nextAttemptAt <= now)
      .map((item): OutboxItem => ({ ...item, status: 'sending', lastAttemptAt }));
    if (claimed.length > 0) await db.outbox.bulkPut(claimed);
    return claimed;
  });
}

/** sending → queued and parked, for a report not sealed for the agency: it waits for a profile that can seal it. */
export function parkClaim(db: ShouhuDatabase, id: string): Promise<void> {
  return db.transaction('rw', db.outbox, async () => {
    const item = await db.outbox.get(id);
    if (item?.status === 'sending' && item.sealedForAgency === undefined) await db.outbox.update(id, { status: 'queued', nextAttemptAt: PARKED });
  });
}

/**
 * sending → queued, untouched, for reports claimed but not sent (the pass
 * stopped first), in one transaction. A report claimed since by another
 * sender (one that took over after this one lost the lock) is left to it.
 */
export function releaseClaims(db: ShouhuDatabase, claimed: readonly OutboxItem[]): Promise<void> {
  return db.transaction('rw', db.outbox, async () => {
    const current = await db.outbox.bulkGet(claimed.map((item) => item.id));
    const released = current
      .filter((item, index): item is OutboxItem => item?.status === 'sending' && item.lastAttemptAt === claimed[index]?.lastAttemptAt)
      .map((item): OutboxItem => ({ ...item, status: 'queued' }));
    if (released.length > 0) await db.outbox.bulkPut(released);
  });
}

export interface OutcomeContext {
  random: () => number;
  backoff: BackoffPolicy;
  /** Kept with a pause, to resume when the settings change. */
  configFingerprint: string;
}

interface RecordContext extends OutcomeContext {
  now: number;
}

/** The answer to sending `sent`, received at `now`. */
export interface OutcomeEntry {
  sent: OutboxItem;
  outcome: SendOutcome;
  now: number;
}

/**
 * Writes the outcomes of sending, in one transaction, in order. An outcome is
 * ignored when its report changed meanwhile (corrected, or acknowledged
 * through another sender): it only ever describes the version that was sent.
 * Returns what was stored for each entry, undefined where it was ignored.
 */
export function recordOutcomes(
  db: ShouhuDatabase,
  entries: readonly OutcomeEntry[],
  context: OutcomeContext,
): Promise<(OutboxItem | undefined)[]> {
  // The settings table (where a pause is kept) is locked only when it is written.
  const tables = entries.some((entry) => entry.outcome.kind === 'paused') ? [db.outbox, db.settings] : [db.outbox];
  return db.transaction('rw', tables, async () => {
    const ids = [...new Set(entries.map((entry) => entry.sent.id))];
    const current = new Map<string, OutboxItem>();
    for (const item of await db.outbox.bulkGet(ids)) if (item) current.set(item.id, item);
    const changed = new Map<string, OutboxItem>();
    let pause: SendingPause | undefined;
    const stored = entries.map(({ sent, outcome, now }) => {
      const item = current.get(sent.id);
      if (!item || item.contentHash !== sent.contentHash) return undefined;
      if (item.status !== 'sending' && item.status !== 'queued') return undefined;
      const next = applyOutcome(item, outcome, { ...context, now });
      current.set(next.id, next);
      changed.set(next.id, next);
      if (outcome.kind === 'paused') {
        pause = {
          configFingerprint: context.configFingerprint,
          reason: outcome.reason,
          status: outcome.status,
          at: new Date(now).toISOString(),
        };
      }
      return next;
    });
    if (changed.size > 0) await db.outbox.bulkPut([...changed.values()]);
    if (pause) await db.settings.put({ key: SENDING_PAUSE_KEY, value: pause });
    return stored;
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
        contentKeptSince: now,
        // The agency has it: its status is "received", as of now (src/sync/statusTimers.ts).
        awaiting: 'reply',
        statusCheckedAt: now,
        receiptId: outcome.receiptId,
        receivedAt: outcome.receivedAt,
        acknowledgement: outcome.acknowledgement,
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
