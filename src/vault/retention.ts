// Retention: once the agency has acknowledged a report, the tablet keeps only
// what the receipt needs. Needs no key: it only deletes.
import { db } from '../storage/db';

const DAY_MS = 24 * 3600_000;

/** Erases the content of reports acknowledged more than `retentionDays` ago. Returns how many. */
export async function eraseAcknowledgedContent(retentionDays: number, now = Date.now()): Promise<number> {
  const cutoff = now - retentionDays * DAY_MS;
  const erasedAt = new Date(now).toISOString();
  // Only acknowledged reports whose content is kept are in this index: the
  // thousands already erased are not read.
  return db.outbox
    .where('contentKeptSince')
    .belowOrEqual(cutoff)
    .filter((item) => item.status === 'acknowledged')
    .modify((item) => {
      delete item.report;
      delete item.sealedForAgency;
      delete item.sealedForSending;
      delete item.sealedForOwner;
      delete item.contentKeptSince;
      item.contentErasedAt = erasedAt;
    });
}

/** Whether a draft counts as untouched for too long (it is flagged, never deleted). */
export function isStaleDraft(updatedAt: string, staleDraftDays: number, now = Date.now()): boolean {
  return now - Date.parse(updatedAt) > staleDraftDays * DAY_MS;
}
