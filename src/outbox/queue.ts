// Filing: a validated report moves from the drafts into the outbox, at once and together.
import { contentHash } from '../report/contentHash';
import { reportSchema, type Report } from '../report/schema';
import { referenceFromId } from '../receipt/referenceCode';
import { db, type OutboxItem } from './db';

export class InvalidReportError extends Error {
  constructor(readonly issues: readonly { path: PropertyKey[]; message: string }[]) {
    super('The report is not complete');
    this.name = 'InvalidReportError';
  }
}

/**
 * Checks the report against the schema and moves it into the outbox with
 * status "queued", deleting its draft in the same transaction: a report is
 * always in exactly one of the two places.
 */
export async function enqueueReport(draftId: string, input: unknown): Promise<OutboxItem> {
  const parsed = reportSchema.safeParse(input);
  if (!parsed.success) throw new InvalidReportError(parsed.error.issues);
  const hash = await contentHash(parsed.data);
  return db.transaction('rw', db.drafts, db.outbox, async () => {
    const draft = await db.drafts.get(draftId);
    const existing = await db.outbox.get(draftId);
    if (existing?.status === 'rejected' && draft) {
      // A correction of a report the receiver sent back: same id, new content, queued again.
      const corrected: OutboxItem = {
        ...existing,
        report: parsed.data,
        contentHash: hash,
        status: 'queued',
        attempts: 0,
        nextAttemptAt: 0,
        lastError: undefined,
      };
      await db.outbox.put(corrected);
      await db.drafts.delete(draftId);
      return corrected;
    }
    if (existing) return existing; // submitted twice (double tap, two tabs): it is filed once
    const item: OutboxItem = {
      id: draftId,
      reference: referenceFromId(draftId),
      createdAt: draft?.createdAt ?? new Date().toISOString(),
      submittedAt: new Date().toISOString(),
      status: 'queued',
      report: parsed.data satisfies Report,
      contentHash: hash,
      attempts: 0,
      nextAttemptAt: 0,
    };
    await db.outbox.add(item);
    await db.drafts.delete(draftId);
    return item;
  });
}

/**
 * Opens a report the receiver sent back for correction: its content goes into
 * a draft with the same id (autosaved like any other) while the outbox keeps
 * the rejected report until the corrected one is filed.
 */
export async function openForCorrection(id: string, step = 0): Promise<void> {
  await db.transaction('rw', db.drafts, db.outbox, async () => {
    const item = await db.outbox.get(id);
    if (!item || item.status !== 'rejected') return;
    if (await db.drafts.get(id)) return; // already being corrected: keep those edits
    const now = new Date().toISOString();
    await db.drafts.add({ id, createdAt: item.createdAt, updatedAt: now, step, values: item.report });
  });
}

/** Newest first. */
export function listOutbox(): Promise<OutboxItem[]> {
  return db.outbox.orderBy('submittedAt').reverse().toArray();
}
