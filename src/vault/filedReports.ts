// The unlocked profile's filed reports as its screens read them: one opened
// to be read again (the police call back with questions), a short summary to
// tell entries apart, and the look-up by reference code. Content is opened in
// memory only, and only the owner's.
import type { Circumstance } from '../contract/codes';
import type { Report, ReportInput } from '../contract/schema';
import { db, type OutboxItem } from '../storage/db';
import { openOwnReport } from './content';
import { requireSession } from './session';

export interface FiledReport {
  item: OutboxItem;
  /** The report; undefined once retention erased it from the tablet (the receipt stays). */
  report: Report | undefined;
}

/** A filed report of the unlocked profile, opened; undefined when it is not the profile's or not on the tablet. */
export async function openFiledReport(id: string): Promise<FiledReport | undefined> {
  const session = requireSession();
  const item = await db.outbox.get(id);
  if (!item || item.profileId !== session.profileId) return undefined;
  return { item, report: await openOwnReport(session, item) };
}

/** What tells one report from another in a list: the child, and the circumstances by number. */
export interface ReportSummary {
  /** The child's name, else the start of the description; undefined when neither was given yet. */
  child?: string;
  circumstances: Circumstance[];
}

const SUMMARY_CHILD_LENGTH = 40;

export function summaryOf(values: Partial<ReportInput> | undefined): ReportSummary {
  const name = values?.child?.name?.trim();
  const description = values?.child?.description?.trim();
  const child = name || (description && description.length > SUMMARY_CHILD_LENGTH ? `${description.slice(0, SUMMARY_CHILD_LENGTH)}…` : description);
  const circumstances = Array.isArray(values?.incident?.circumstances) ? values.incident.circumstances : [];
  return child ? { child, circumstances } : { circumstances };
}

/** The summary of a filed report of the unlocked profile; undefined once its content was erased. */
export async function filedReportSummary(item: OutboxItem): Promise<ReportSummary | undefined> {
  const report = await openOwnReport(requireSession(), item);
  return report ? summaryOf(report) : undefined;
}

/**
 * The unlocked profile's report with this reference code (as parsed by
 * contract/referenceCode), if any. Reads the profile's records without opening
 * any content: the code is kept in clear for the receipt.
 */
export async function findOwnByReference(code: string): Promise<OutboxItem | undefined> {
  const { profileId } = requireSession();
  return db.outbox
    .where('profileId')
    .equals(profileId)
    .filter((item) => item.reference === code)
    .first();
}
