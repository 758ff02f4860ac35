// Filing: a validated report moves from the drafts into the outbox, at once
// and together, sealed for the agency: from then on it is sent as it is,
// whether or not anyone is unlocked.
import { contentHash } from '../contract/contentHash';
import { SCHEMA_VERSION } from '../contract/protocol';
import { reportSchema } from '../contract/schema';
import { referenceFromId } from '../contract/referenceCode';
import { currentAgencyKey } from '../vault/agencyKeys';
import { sealReport } from '../vault/content';
import { requireSession } from '../vault/session';
import { countProfileReports } from '../storage/counts';
import { db, type OutboxItem } from '../storage/db';
import { PARKED } from './outboxTransitions';

export class InvalidReportError extends Error {
  constructor(readonly issues: readonly { path: PropertyKey[]; message: string }[]) {
    super('The report is not complete');
    this.name = 'InvalidReportError';
  }
}

/**
 * Checks the report against the schema, seals it and moves it into the
 * outbox with status "queued", deleting its draft in the same transaction: a
 * report is always in exactly one of the two places. A tablet that has never
 * seen the deployment's config.json knows no agency key: the report is filed
 * all the same, and waits (parked) until its owner unlocks with the key known.
 */
export async function enqueueReport(draftId: string, input: unknown): Promise<OutboxItem> {
  const session = requireSession();
  const startedAt = performance.now();
  const parsed = reportSchema.safeParse(input);
  if (!parsed.success) throw new InvalidReportError(parsed.error.issues);
  const [hash, agencyKey, draft] = await Promise.all([contentHash(parsed.data), currentAgencyKey(), db.drafts.get(draftId)]);
  const fields = {
    id: draftId,
    reference: referenceFromId(draftId),
    contentHash: hash,
    schemaVersion: SCHEMA_VERSION,
    createdAt: draft?.createdAt ?? new Date().toISOString(),
    submittedAt: new Date().toISOString(),
  };
  // Seal before the transaction: no crypto may run inside one.
  const sealed = await sealReport(session, agencyKey, fields, parsed.data);
  const filed = await db.transaction('rw', db.drafts, db.outbox, async () => {
    const existing = await db.outbox.get(draftId);
    if (existing) return existing; // submitted twice (double tap, two tabs): it is filed once
    const item: OutboxItem = {
      id: draftId,
      reference: fields.reference,
      createdAt: fields.createdAt,
      submittedAt: fields.submittedAt,
      status: 'queued',
      profileId: session.profileId,
      ...sealed,
      contentHash: hash,
      attempts: 0,
      nextAttemptAt: sealed.sealedForAgency ? 0 : PARKED,
    };
    await db.outbox.add(item);
    await db.drafts.delete(draftId);
    return item;
  });
  // A figure for the benchmarks (no content in it): checking, sealing and storing one report.
  performance.measure('shouhu:file-report', { start: startedAt, end: performance.now() });
  return filed;
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
