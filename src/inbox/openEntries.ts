// Opens the reports of a page of the inbox with the agency's key, in the page:
// each is decrypted, checked against its envelope and content hash
// (contract/openSealedReport.ts) and against the report schema, as the
// agency's export does. A report that does not open is kept, with why; it
// never hides the others.
import { openSealedReport, type AgencyPrivateKey, type OpenProblem } from '../contract/openSealedReport';
import { RECEIVER_CLOCK_TOLERANCE_MS, SCHEMA_VERSION } from '../contract/protocol';
import { createReportSchema } from '../contract/schema';
import type { InboxEntry } from './inboxApi';
import { triageFacts, type TriageFacts } from './triage';

export type OpenedEntry =
  | {
      entry: InboxEntry;
      opened: true;
      /** The report as sealed on the tablet; the schema's output when it satisfies the schema. */
      report: unknown;
      /** How many answers do not satisfy the report schema (0: all do). */
      problems: number;
      facts: TriageFacts;
    }
  | { entry: InboxEntry; opened: false; problem: OpenProblem; kid?: string }
  /** The receiver listed something that is not a stored report. */
  | { entry: undefined; opened: false; problem: 'cannot_open'; kid?: undefined };

/** Reports opened in this session, by id; an entry is opened again only if its sealed form differs. Forgotten on lock. */
export type OpenedCache = Map<string, OpenedEntry>;

export const sealedFieldsOf = (entry: InboxEntry) => ({
  id: entry.id,
  reference: entry.reference,
  contentHash: entry.contentHash,
  // A receiver that does not pass the envelope's version on stores only reports of this one (it refuses others).
  schemaVersion: entry.schemaVersion ?? SCHEMA_VERSION,
  createdAt: entry.createdAt,
  submittedAt: entry.submittedAt,
  sealedReport: entry.sealedReport,
});

const sameSealed = (a: InboxEntry, b: InboxEntry) => {
  const [fieldsA, fieldsB] = [sealedFieldsOf(a), sealedFieldsOf(b)];
  return (Object.keys(fieldsA) as (keyof typeof fieldsA)[]).every((name) => fieldsA[name] === fieldsB[name]);
};

/** "In the future" is judged against the time the receiver received the report, with the receiver's tolerance. */
let checkedAt = 0;
const schema = createReportSchema({ now: () => checkedAt, clockToleranceMs: RECEIVER_CLOCK_TOLERANCE_MS });

async function openEntry(entry: InboxEntry, keys: readonly AgencyPrivateKey[]): Promise<OpenedEntry> {
  const opened = await openSealedReport(sealedFieldsOf(entry), keys);
  if (!opened.ok) return { entry, opened: false, problem: opened.problem, ...(opened.kid === undefined ? {} : { kid: opened.kid }) };
  // Synchronous from here: no other opening changes checkedAt in between.
  checkedAt = Date.parse(entry.receivedAt);
  const checked = schema.safeParse(opened.report);
  const report = checked.success ? checked.data : opened.report;
  return { entry, opened: true, report, problems: checked.success ? 0 : checked.error.issues.length, facts: triageFacts(report, entry.submittedAt) };
}

/** Each entry opened, in the order given (the cache keeps those opened before, with their status now). */
export function openEntries(entries: readonly (InboxEntry | undefined)[], keys: readonly AgencyPrivateKey[], cache: OpenedCache): Promise<OpenedEntry[]> {
  return Promise.all(
    entries.map(async (entry): Promise<OpenedEntry> => {
      if (!entry) return { entry: undefined, opened: false, problem: 'cannot_open' };
      const known = cache.get(entry.id);
      if (known?.entry && sameSealed(known.entry, entry)) return { ...known, entry };
      const opened = await openEntry(entry, keys);
      cache.set(entry.id, opened);
      return opened;
    }),
  );
}

/**
 * The key id the reports are sealed to, when the key opens none of them
 * because every one is sealed to another key; undefined otherwise.
 */
export function otherKeyOfAll(opened: readonly OpenedEntry[]): string | undefined {
  const kids = opened.map((item) => (!item.opened && item.problem === 'other_key' ? (item.kid ?? '') : undefined));
  if (kids.length === 0 || kids.some((kid) => kid === undefined)) return undefined;
  return kids[0];
}
