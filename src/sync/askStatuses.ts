// What became of the reports this tablet filed (docs/sync-protocol.md,
// "Statuses"): after sending, each pass asks the receiver once, with the ids
// alone, about the open reports due (statusDue.ts), and keeps each change the
// agency signed. Nothing in the answer is taken on trust: a change is kept
// only when its signature verifies against the pinned keys, it names a report
// that was asked about (so one of this tablet's) and its reference, and it is
// newer than the one kept. Needs no key of a profile, and no content: ids are
// enough. A failure is never a sending error: the next pass asks again.
import { MAX_STATUS_IDS, verifyStatusChange, type StatusChange } from '../contract/reportStatus';
import type { OutboxItem, ShouhuDatabase } from '../storage/db';
import { keptStatusChange } from './keptStatus';
import { STATUS_RETRY_AFTER_FAILURE_MS, statusesDue } from './statusDue';
import { exchange, type Receiver } from './transport';
import type { AgencySigningKey } from '../contract/agencySignature';

/** What one engine has learnt of the status route, across its passes. */
export interface StatusRequests {
  /**
   * Ids per request: halved each time a request was too long for the way to
   * the receiver (414, 431), or its answer too slow to come (a timeout: 500
   * changes are some 290 KB, a minute on 2G).
   */
  maxIds: number;
  /** When the last request failed; undefined once one succeeds. */
  failedAt?: number;
}

export const createStatusRequests = (): StatusRequests => ({ maxIds: MAX_STATUS_IDS });

export interface StatusSummary {
  /**
   * Why no request was made: no open report is due, no signing key is pinned
   * (so nothing could be believed), or the last request failed a short while
   * ago (STATUS_RETRY_AFTER_FAILURE_MS; a receiver without the route is not asked every minute).
   */
  readonly skipped?: 'nothing-due' | 'no-signing-keys' | 'failed-lately';
  /** Why nothing was learnt: no answer, an answer that is not one, or the database failed (none is kept, none marked checked). */
  readonly failed?: 'network' | 'timeout' | 'too-long' | 'refused' | 'malformed' | 'database';
  /** Reports asked about. */
  readonly asked: number;
  /** Changes kept: verified, and newer than the one kept before. */
  readonly taken: number;
  /** Changes offered and not taken: unsigned or wrongly signed, for a report not asked about, or no newer than the one kept. */
  readonly ignored: number;
}

const NOT_ASKED = { asked: 0, taken: 0, ignored: 0 } as const;

/** The status route beside the endpoint: ".../api/reports" -> ".../api/reports/status?ids=a,b". */
export function statusUrl(endpoint: string, ids: readonly string[]): string {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/status`;
  // Report ids are lowercase UUIDs: nothing in them needs escaping, and the commas stay as they are.
  url.search = `?ids=${ids.join(',')}`;
  return url.href;
}

/** The answer's entries; undefined when the body is not a status answer. */
function entriesIn(body: unknown): unknown[] | undefined {
  const statuses = typeof body === 'object' && body !== null ? (body as { statuses?: unknown }).statuses : undefined;
  return Array.isArray(statuses) ? statuses : undefined;
}

const isEntry = (entry: unknown): entry is { id: string; change: string } =>
  typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string' && typeof (entry as { change?: unknown }).change === 'string';

/** A verified change, with the JWS that proves it. */
interface Offered {
  jws: string;
  change: StatusChange;
}

/**
 * Asks about the due reports in one request, checks each change offered and
 * keeps the good ones. Never throws: a database error is a failure too.
 */
export async function askStatuses(
  db: ShouhuDatabase,
  receiver: Receiver,
  requests: StatusRequests,
  keys: readonly AgencySigningKey[],
): Promise<StatusSummary> {
  try {
    return await askDue(db, receiver, requests, keys);
  } catch {
    requests.failedAt = receiver.clock.now();
    return { ...NOT_ASKED, failed: 'database' };
  }
}

/** `keys`: the pinned signing keys, read once per pass (the same that acknowledgements are checked against). */
async function askDue(db: ShouhuDatabase, receiver: Receiver, requests: StatusRequests, keys: readonly AgencySigningKey[]): Promise<StatusSummary> {
  const now = receiver.clock.now();
  if (requests.failedAt !== undefined && now < requests.failedAt + STATUS_RETRY_AFTER_FAILURE_MS) return { ...NOT_ASKED, skipped: 'failed-lately' };
  if (keys.length === 0) return { ...NOT_ASKED, skipped: 'no-signing-keys' };
  const ids = await statusesDue(db, now, requests.maxIds);
  if (ids.length === 0) return { ...NOT_ASKED, skipped: 'nothing-due' };
  const asked = { ...NOT_ASKED, asked: ids.length };

  const answer = await exchange(receiver, { method: 'GET', url: statusUrl(receiver.config.endpoint, ids) });
  const failed = (failure: NonNullable<StatusSummary['failed']>): StatusSummary => {
    requests.failedAt = now;
    return { ...asked, failed: failure };
  };
  const halve = () => {
    requests.maxIds = Math.max(1, Math.floor(requests.maxIds / 2));
  };
  if (!answer.answered) {
    if (answer.failure === 'timeout') halve();
    return failed(answer.failure);
  }
  const { status } = answer.response;
  if (status === 414 || status === 431) {
    halve();
    return failed('too-long');
  }
  if (status !== 200) return failed('refused');
  const entries = entriesIn(answer.body);
  if (!entries) return failed('malformed');
  requests.failedAt = undefined;

  // One change per report asked about: the first offered. The one kept, offered
  // again (the usual answer), is no news and not checked again. Crypto cannot
  // run inside a transaction: the rest is checked before.
  const kept = new Map((await db.outbox.bulkGet(ids)).map((item, index) => [ids[index], item?.statusChange]));
  const wanted = new Set(ids);
  const offered = new Map<string, Offered>();
  let ignored = 0;
  for (const entry of entries) {
    if (!isEntry(entry) || !wanted.has(entry.id)) {
      ignored += 1;
      continue;
    }
    const { id, change: jws } = entry;
    wanted.delete(id);
    if (jws === kept.get(id)) continue;
    const verified = await verifyStatusChange(jws, keys);
    if (verified.ok && verified.statement.id === id) offered.set(id, { jws, change: verified.statement });
    else ignored += 1;
  }
  const { taken, refused } = await keep(db, ids, offered, now);
  return { ...asked, taken, ignored: ignored + refused };
}

/**
 * In one transaction: every report asked about is checked as of `now`, and
 * the offered changes that name the report's reference and are newer than
 * the one kept replace it. A closed report is not asked about again.
 */
function keep(db: ShouhuDatabase, ids: readonly string[], offered: ReadonlyMap<string, Offered>, now: number): Promise<{ taken: number; refused: number }> {
  return db.transaction('rw', db.outbox, async () => {
    let taken = 0;
    let refused = 0;
    const changed: OutboxItem[] = [];
    for (const item of await db.outbox.bulkGet([...ids])) {
      // Gone (the tablet was erased meanwhile), or closed meanwhile through another tab.
      if (!item || item.status !== 'acknowledged' || item.awaiting === undefined) continue;
      const next: OutboxItem = { ...item, statusCheckedAt: now };
      const offer = offered.get(item.id);
      if (offer) {
        const keptSeq = keptStatusChange(item.statusChange)?.seq ?? 0;
        if (offer.change.reference === item.reference && offer.change.seq > keptSeq) {
          next.statusChange = offer.jws;
          if (offer.change.status === 'closed') delete next.awaiting;
          else next.awaiting = 'result';
          taken += 1;
        } else {
          // Another report's change, or a rollback to an older one.
          refused += 1;
        }
      }
      changed.push(next);
    }
    await db.outbox.bulkPut(changed);
    return { taken, refused };
  });
}
