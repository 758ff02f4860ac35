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

/**
 * The body of an acknowledgement: the receipt, the report it is for, and the
 * agency's signature over them (`acknowledgement`, a compact JWS: see
 * agencySignature.ts). Only the signature proves anything: a proxy, captive
 * portal or gateway can answer 200 with any members it likes, so the tablet
 * reads the receipt from the signed statement, never from the members beside it.
 */
export interface Acknowledgement extends Receipt {
  id: string;
  contentHash: string;
  acknowledgement: string;
}

/** What names a report in a receiver's answer, and in the agency's signed acknowledgement of it. */
export interface ReportIdentity {
  id: string;
  reference: string;
  contentHash: string;
}

/** The statuses that may acknowledge a report; the signed acknowledgement in the body decides whether they do. */
export const isAcknowledgementStatus = (status: number) => status === 200 || status === 201 || status === 202;

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
