// Sending a report again after the receiver answered that it holds a different
// one under its id. Nothing here sends: the report goes back in the queue and
// the engine's next pass takes it (call engine.syncNow() after this to send at once).
import type { OutboxItem, ShouhuDatabase } from '../storage/db';

export class ResendNotAllowedError extends Error {
  constructor(readonly status: OutboxItem['status'] | 'missing') {
    super(`A report with status "${status}" cannot be sent again this way`);
    this.name = 'ResendNotAllowedError';
  }
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
 * (A refused report is never resent: a receiver cannot read a report, so
 * none sends one back for correction.)
 *
 * Any other status, or no such report, throws ResendNotAllowedError.
 */
export function retryConflict(db: ShouhuDatabase, id: string): Promise<OutboxItem> {
  return db.transaction('rw', db.outbox, async () => {
    const item = await db.outbox.get(id);
    if (item?.status !== 'conflict') throw new ResendNotAllowedError(item?.status ?? 'missing');
    const { lastError: _cleared, ...rest } = item;
    const next: OutboxItem = { ...rest, status: 'queued', attempts: 0, nextAttemptAt: 0 };
    await db.outbox.put(next);
    return next;
  });
}
