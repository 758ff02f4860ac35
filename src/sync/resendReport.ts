// Sending a report again after the receiver turned it down. Nothing here sends:
// the report goes back in the queue and the engine's next pass takes it (call
// engine.syncNow() after these to send at once).
import type { OutboxItem, ShouhuDatabase } from '../storage/db';

export class ResendNotAllowedError extends Error {
  constructor(readonly status: OutboxItem['status'] | 'missing') {
    super(`A report with status "${status}" cannot be sent again this way`);
    this.name = 'ResendNotAllowedError';
  }
}

function requeued(item: OutboxItem): OutboxItem {
  const { lastError: _cleared, ...rest } = item;
  return { ...rest, status: 'queued', attempts: 0, nextAttemptAt: 0 };
}

/**
 * A "rejected" report goes back in the queue unchanged, with a fresh start,
 * for when the receiver was at fault. A correction by the user goes through a
 * draft instead (openForCorrection and enqueueReport in queue.ts), so that it
 * is sealed like any report; the id, and so the reference, stays the same.
 *
 * Only for "rejected": a conflict is not something the user can correct on
 * this device (see retryConflict).
 */
export function resendReport(db: ShouhuDatabase, id: string): Promise<OutboxItem> {
  return requeueFrom(db, id, 'rejected');
}

/**
 * Queues a "conflict" report again, unchanged (same id, same content hash).
 *
 * A 409 means the receiver already holds a different report under this id.
 * Sending the same report again gets the same 409, and sending a changed one
 * would too, so the app keeps such a report in "conflict" (never dropped,
 * never overwritten) and shows it for the receiver's operator to sort out.
 * Call this only once they have resolved it on their side (removed or
 * corrected their copy); otherwise it simply comes back as "conflict".
 */
export function retryConflict(db: ShouhuDatabase, id: string): Promise<OutboxItem> {
  return requeueFrom(db, id, 'conflict');
}

/** Queues the report again if it is in `status`; otherwise throws ResendNotAllowedError. */
function requeueFrom(db: ShouhuDatabase, id: string, status: 'rejected' | 'conflict'): Promise<OutboxItem> {
  return db.transaction('rw', db.outbox, async () => {
    const item = await db.outbox.get(id);
    if (item?.status !== status) throw new ResendNotAllowedError(item?.status ?? 'missing');
    const next = requeued(item);
    await db.outbox.put(next);
    return next;
  });
}
