// The wire protocol between the app and a receiver (docs/sync-protocol.md):
// the envelope a report travels in, what acknowledges it, the batch limits and
// the named reasons for every refusal. The app and server/ both import it, so
// a change to the protocol is one edit the type checker follows into both.
// No zod here: the sender loads this module, the envelope's schema
// (envelope.ts) only where an envelope is checked.
import type { ReportEnvelope } from './envelope';

/** The version of the report's schema, sent with every report. */
export const SCHEMA_VERSION = 1;

/**
 * Tablets' clocks drift: a time up to a day ahead of the receiver's clock is
 * not "in the future". A report moved to another device is held to the same.
 */
export const RECEIVER_CLOCK_TOLERANCE_MS = 24 * 3600_000;

/** The envelope of a report, from the fields it is stored with; the sealed report is sent as it was sealed. */
export function writeEnvelope(fields: Omit<ReportEnvelope, 'schemaVersion'>): ReportEnvelope {
  const { id, reference, createdAt, submittedAt, contentHash, sealedReport } = fields;
  return { id, schemaVersion: SCHEMA_VERSION, reference, createdAt, submittedAt, contentHash, sealedReport };
}

/** What the receiver's acknowledgement gives the report: its receipt. */
export interface Receipt {
  receiptId: string;
  receivedAt: string;
}

/** The body of an acknowledgement: the receipt, and the report it is for. */
export interface Acknowledgement extends Receipt {
  id: string;
  contentHash: string;
}

/** What names a report in a receiver's answer. */
export type ReportIdentity = Pick<Acknowledgement, 'id' | 'contentHash'>;

/** The statuses that may acknowledge a report; the body decides whether they do (receiptIn). */
export const isAcknowledgementStatus = (status: number) => status === 200 || status === 201 || status === 202;

/**
 * The receipt in a 2xx answer's body, when it is a receiver's acknowledgement
 * of this very report: it names the report's id, echoes its content hash, and
 * carries a receipt id and the time of receipt. Anything less proves nothing
 * (a proxy, captive portal or gateway answers 200 without forwarding), and a
 * report taken as received is later erased from the tablet.
 */
export function receiptIn(body: unknown, report: ReportIdentity): Receipt | undefined {
  const receiptId = stringAt(body, 'receiptId');
  const receivedAt = stringAt(body, 'receivedAt');
  if (stringAt(body, 'id') !== report.id || stringAt(body, 'contentHash') !== report.contentHash) return undefined;
  if (!receiptId || !receivedAt || !Number.isFinite(Date.parse(receivedAt))) return undefined;
  return { receiptId, receivedAt };
}

/** A string member of an answer's body, which may be anything at all. */
export function stringAt(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

/** What a receiver takes in one batch, as its GET answer tells (`batch`). */
export interface BatchLimits {
  maxReports: number;
  maxBytes: number;
}

/** A problem with one field of an envelope: its dotted path and a message. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The stable code in every error answer, one per reason for a refusal (docs/sync-protocol.md, "Answers"). */
export type ErrorCode =
  // The request
  | 'bad_request'
  | 'malformed_target'
  | 'headers_too_large'
  | 'request_timeout'
  | 'origin_not_allowed'
  | 'unauthorized'
  | 'not_found'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'malformed_json'
  | 'nested_too_deeply'
  // The envelope and the report
  | 'invalid_envelope'
  | 'idempotency_key_mismatch'
  | 'unsupported_schema_version'
  | 'reference_mismatch'
  | 'invalid_sealed_report'
  | 'unsupported_sealing'
  | 'unknown_agency_key'
  | 'sealed_header_mismatch'
  | 'conflict'
  | 'invalid_batch'
  // Statuses and the agency inbox (docs/sync-protocol.md, "Statuses")
  | 'invalid_query'
  | 'invalid_status_change'
  | 'status_conflict'
  | 'inbox_not_configured'
  | 'inbox_not_built'
  // The receiver itself
  | 'unavailable'
  | 'database_unavailable'
  | 'internal_error'
  // Test hooks only (docs/sync-protocol.md, "Test hooks")
  | 'injected_fault'
  | 'invalid_faults';

/** An error answer's body: a code for programs, a sentence for people, and the fields at fault if any. Never report content. */
export interface ProblemBody {
  error: ErrorCode;
  message: string;
  fields?: FieldProblem[];
}
