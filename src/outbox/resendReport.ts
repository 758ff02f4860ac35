// Sending a report again after the receiver turned it down. Nothing here sends:
// the report goes back in the queue and the engine's next pass takes it (call
// engine.syncNow() after these to send at once).
import { contentHash } from '../report/contentHash';
import { reportSchema } from '../report/schema';
import type { OutboxItem, ShouhuDatabase } from './db';
import { InvalidReportError } from './queue';

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
 * A "rejected" report, corrected by the user (or unchanged, when the receiver
 * was at fault), goes back in the queue with a fresh start. The correction is
 * checked with the report schema and gets its new content hash; the id, and so
 * the reference on the printed receipt, stays the same.
 *
 * Only for "rejected": a conflict is not something the user can correct on
 * this device (see retryConflict).
 */
export async function resendReport(db: ShouhuDatabase, id: string, correctedReport?: unknown): Promise<OutboxItem> {
  let corrected: Pick<OutboxItem, 'report' | 'contentHash'> | undefined;
  if (correctedReport !== undefined) {
    const parsed = reportSchema.safeParse(correctedReport);
    if (!parsed.success) throw new InvalidReportError(parsed.error.issues);
    corrected = { report: parsed.data, contentHash: await contentHash(parsed.data) };
  }
  return db.transaction('rw', db.outbox, async () => {
    const item = await db.outbox.get(id);
    if (item?.status !== 'rejected') throw new ResendNotAllowedError(item?.status ?? 'missing');
    const next = requeued({ ...item, ...corrected });
    await db.outbox.put(next);
    return next;
  });
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
  return db.transaction('rw', db.outbox, async () => {
    const item = await db.outbox.get(id);
    if (item?.status !== 'conflict') throw new ResendNotAllowedError(item?.status ?? 'missing');
    const next = requeued(item);
    await db.outbox.put(next);
    return next;
  });
}
