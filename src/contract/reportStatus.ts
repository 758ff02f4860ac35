// What became of a report (docs/sync-protocol.md, "Statuses"): the agency's
// answer to the reporter (Minors Protection Law Art. 11 para. 3). An officer
// sets a status in the inbox; the receiver signs each change with the
// agency's signing key (agencySignature.ts, typ "shouhu-status") and keeps it
// in an append-only history; the tablet fetches the latest change of the
// reports it filed and shows it once its signature verifies.
import { SIGNED_TYPES, verifySigned, type AgencySigningKey, type Verified } from './agencySignature';
import { isReportId } from './reportId';

/** In the order a report goes through them. "received" is where every report starts, set by its acknowledgement. */
export const REPORT_STATUSES = ['received', 'accepted', 'case_opened', 'referred', 'needs_information', 'closed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** The statuses an officer sets: every one but "received". */
export type SetStatus = Exclude<ReportStatus, 'received'>;

/** Where a referred (移送) report went. */
export const REFERRAL_DEPARTMENTS = ['civil_affairs', 'education', 'other'] as const;
export type ReferralDepartment = (typeof REFERRAL_DEPARTMENTS)[number];

/** The note to the reporter: short, plain text; never the case, which the reporter knows. */
export const MAX_STATUS_NOTE_CHARS = 500;

/**
 * Which status may follow which. Received → accepted (受理) at once, as the
 * police must; then case opened (立案), referred (移送) or needs more
 * information (需补充); then closed (办结). A report that needed more
 * information goes on once it has it. Closed is final.
 */
export const NEXT_STATUSES: Record<ReportStatus, readonly SetStatus[]> = {
  received: ['accepted'],
  accepted: ['case_opened', 'referred', 'needs_information', 'closed'],
  needs_information: ['accepted', 'case_opened', 'referred', 'closed'],
  case_opened: ['referred', 'closed'],
  referred: ['closed'],
  closed: [],
};

export const canFollow = (from: ReportStatus, to: ReportStatus): boolean => (NEXT_STATUSES[from] as readonly string[]).includes(to);

// The agency's promises to the reporter, as China's first mandatory-reporting
// app made them (Chongqing Jiulongpo, 2020; DOMAIN.md): a reply within 3
// days and a result within 3 months of the report's receipt. The tablet marks
// its reports by them and the inbox its list, so both count alike.
const DAY_MS = 24 * 3600_000;
export const REPLY_WITHIN_DAYS = 3;
export const RESULT_WITHIN_MONTHS = 3;

/** When a report received at `receivedAt` (ms) is late for a first reply. */
export const replyDueAt = (receivedAt: number): number => receivedAt + REPLY_WITHIN_DAYS * DAY_MS;

/**
 * When it is late for a result: three calendar months on (in UTC), on the
 * same day of the month, or the month's last day when it has no such day
 * (31 January → 30 April).
 */
export function resultDueAt(receivedAt: number): number {
  const from = new Date(receivedAt);
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + RESULT_WITHIN_MONTHS;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(from.getUTCDate(), lastDay), from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds());
}

/** One change of a report's status, as signed and kept. */
export interface StatusChange {
  /** The report's id. */
  id: string;
  reference: string;
  status: SetStatus;
  /** Only with "referred": where it went. */
  referredTo?: ReferralDepartment;
  /** To the reporter; absent when the officer wrote none. */
  note?: string;
  /** When it was set (ISO, the receiver's clock). */
  at: string;
  /** Its place in the report's history: 1 for the first change, then 2, 3…; a later one always has a higher number. */
  seq: number;
  /** The agency's name, as in its acknowledgements. */
  agency: string;
}

const isStatus = (value: unknown): value is SetStatus => typeof value === 'string' && value !== 'received' && (REPORT_STATUSES as readonly string[]).includes(value);
const isDepartment = (value: unknown): value is ReferralDepartment =>
  typeof value === 'string' && (REFERRAL_DEPARTMENTS as readonly string[]).includes(value);

/** The status change in a verified payload, member by member; undefined when any is missing or malformed. */
export function statusChangeIn(payload: unknown): StatusChange | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const { id, reference, status, referredTo, note, at, seq, agency } = payload as Record<string, unknown>;
  if (typeof id !== 'string' || !isReportId(id) || typeof reference !== 'string' || reference.length === 0 || reference.length > 32) return undefined;
  if (!isStatus(status) || typeof at !== 'string' || !Number.isFinite(Date.parse(at))) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1 || typeof agency !== 'string' || agency.length > 200) return undefined;
  if (referredTo !== undefined && (status !== 'referred' || !isDepartment(referredTo))) return undefined;
  if (status === 'referred' && referredTo === undefined) return undefined;
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_STATUS_NOTE_CHARS)) return undefined;
  return {
    id,
    reference,
    status,
    ...(referredTo === undefined ? {} : { referredTo }),
    ...(note === undefined || note === '' ? {} : { note }),
    at,
    seq,
    agency,
  };
}

/** Checks a signed status change against the pinned signing keys. */
export const verifyStatusChange = (jws: string, keys: readonly AgencySigningKey[]): Promise<Verified<StatusChange>> =>
  verifySigned(jws, keys, SIGNED_TYPES.status, statusChangeIn, (change) => change.at);

// The routes (docs/sync-protocol.md, "Statuses"):
//
// Tablet, with the tablets' token:
//   GET /api/reports/status?ids=<id>,<id>,…   at most MAX_STATUS_IDS ids
//   → 200 { statuses: [{ id, change: <compact JWS of the latest StatusChange> }] }
//   Only ids asked for and stored, with at least one change, appear; an id the
//   receiver does not hold is simply absent (never "unknown"), so the answer
//   tells nothing about reports the tablet did not file.
//
// Officer, with the officer credential (RECEIVER_OFFICER_TOKEN, never the tablets'):
//   GET  /api/inbox/reports?limit=50&before=<cursor>&status=<status>&noReply=1
//   → 200 InboxPage
//   GET  /api/inbox/reports/<id>   → 200 InboxReport (with its whole history)
//   POST /api/inbox/reports/<id>/status { status, referredTo?, note? }
//   → 201 { change: <compact JWS> }; 409 when the status cannot follow the current one.

/** Ids one status request may ask about: 500 ids are 18.5 KB of query (see docs/deployment.md on proxies). */
export const MAX_STATUS_IDS = 500;

/** What GET /api/reports/status answers. */
export interface StatusAnswer {
  statuses: { id: string; change: string }[];
}

/** A stored report as the inbox lists it: the envelope's fields, its receipt, and where it stands. */
export interface InboxReport {
  id: string;
  reference: string;
  createdAt: string;
  submittedAt: string;
  contentHash: string;
  /** The sealed report, opened in the officer's page with the agency's private key. */
  sealedReport: string;
  receiptId: string;
  receivedAt: string;
  /** The current status: "received" until an officer sets one. */
  status: ReportStatus;
  /** The signed changes, oldest first: in a page of the list only the latest, in GET /api/inbox/reports/<id> all. */
  history: string[];
}

/** One page of the inbox, newest received first. */
export interface InboxPage {
  reports: InboxReport[];
  /** For the next page (`before`), absent on the last one. */
  next?: string;
  /** How many reports match the filter in all. */
  total: number;
}

export const INBOX_PAGE_SIZE = 50;
