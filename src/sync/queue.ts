// Filing: a validated report moves from the drafts into the outbox, at once and together.
import { contentHash } from '../contract/contentHash';
import { reportSchema } from '../contract/schema';
import { referenceFromId } from '../contract/referenceCode';
import { openOwnReport, sealDraftValues, sealReport } from '../vault/content';
import { outboxPublicKey } from '../vault/profiles';
import { requireSession } from '../vault/session';
import { countProfileReports } from '../storage/counts';
import { db, type OutboxItem } from '../storage/db';

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
  const session = requireSession();
  const startedAt = performance.now();
  const parsed = reportSchema.safeParse(input);
  if (!parsed.success) throw new InvalidReportError(parsed.error.issues);
  const hash = await contentHash(parsed.data);
  const publicKey = await outboxPublicKey();
  if (!publicKey) throw new Error('The tablet has no outbox key');
  // Seal before the transaction: no crypto may run inside one.
  const sealed = await sealReport(session, publicKey, draftId, parsed.data);
  const filed = await db.transaction('rw', db.drafts, db.outbox, async () => {
    const draft = await db.drafts.get(draftId);
    const existing = await db.outbox.get(draftId);
    if (existing?.status === 'rejected' && draft) {
      // A correction of a report the receiver sent back: same id, new content, queued again.
      const corrected: OutboxItem = {
        ...existing,
        ...sealed,
        report: undefined,
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
      profileId: session.profileId,
      ...sealed,
      contentHash: hash,
      attempts: 0,
      nextAttemptAt: 0,
    };
    await db.outbox.add(item);
    await db.drafts.delete(draftId);
    return item;
  });
  // A figure for the benchmarks (no content in it): checking, sealing and storing one report.
  performance.measure('shouhu:file-report', { start: startedAt, end: performance.now() });
  return filed;
}

/**
 * Opens a report the receiver sent back for correction: its content goes into
 * a draft with the same id (autosaved like any other) while the outbox keeps
 * the rejected report until the corrected one is filed.
 */
export async function openForCorrection(id: string, step = 0): Promise<void> {
  const session = requireSession();
  const item = await db.outbox.get(id);
  if (!item || item.status !== 'rejected' || item.profileId !== session.profileId) return;
  const report = await openOwnReport(session, item);
  if (!report) return;
  const sealedValues = await sealDraftValues(session, id, report);
  await db.transaction('rw', db.drafts, db.outbox, async () => {
    if ((await db.outbox.get(id))?.status !== 'rejected') return;
    if (await db.drafts.get(id)) return; // already being corrected: keep those edits
    const now = new Date().toISOString();
    await db.drafts.add({ id, profileId: session.profileId, createdAt: item.createdAt, updatedAt: now, step, sealedValues });
  });
}

/** Reports the outbox screen shows at first, and adds at each "show more". */
export const OUTBOX_PAGE_SIZE = 50;

export interface OutboxPage {
  /** The newest reports, newest first, at most the limit asked for. */
  items: OutboxItem[];
  /** All of the profile's reports. */
  total: number;
  /** The profile's reports not yet acknowledged (waiting, or needing attention). */
  waiting: number;
}

/** The profile's newest `limit` reports, newest first, by the submittedAt index. */
async function newestOwn(profileId: string, limit: number): Promise<OutboxItem[]> {
  // Usually the newest reports on the tablet are all this profile's: one read of `limit` records.
  const newest = await db.outbox.orderBy('submittedAt').reverse().limit(limit).toArray();
  if (newest.every((item) => item.profileId === profileId)) return newest;
  // Colleagues' reports among them: walk the index until `limit` of this profile's are found.
  return db.outbox
    .orderBy('submittedAt')
    .reverse()
    .filter((item) => item.profileId === profileId)
    .limit(limit)
    .toArray();
}

/**
 * The unlocked profile's newest `limit` reports and its counts, without
 * reading every report: a tablet keeps thousands of them (no content is opened).
 */
export async function listOutboxPage(limit = OUTBOX_PAGE_SIZE): Promise<OutboxPage> {
  const { profileId } = requireSession();
  const [items, { total, unacknowledged }] = await Promise.all([newestOwn(profileId, limit), countProfileReports(db, profileId)]);
  return { items, total, waiting: unacknowledged };
}

/** The unlocked profile's filed report, without its content. */
export async function getOwnItem(id: string): Promise<OutboxItem | undefined> {
  const { profileId } = requireSession();
  const item = await db.outbox.get(id);
  return item?.profileId === profileId ? item : undefined;
}
