// What a receiver's answer means for the reports it answers
// (docs/sync-protocol.md, "Answers" and "Signed acknowledgements"): the
// outcome the engine records. A report is received only when the agency's
// signature says so.
import { acknowledgementOfReport, type AgencySigningKey } from '../contract/agencySignature';
import { isAcknowledgementStatus, stringAt, type FieldProblem, type Receipt, type ReportIdentity } from '../contract/protocol';
import type { PauseReason } from './sendingPause';

/** The receipt of a report, as the agency signed it, and the signature itself (kept with the report). */
export interface SignedReceipt extends Receipt {
  /** The compact JWS the receiver answered with. */
  acknowledgement: string;
}

export type SendOutcome =
  | ({ kind: 'acknowledged'; status: number } & SignedReceipt)
  /** The receiver holds another report under this id. */
  | { kind: 'conflict'; status: number; message?: string }
  /** The receiver will not take this report as it is. */
  | { kind: 'rejected'; status: number; message?: string; fields?: FieldProblem[] }
  /** No report will get through until the settings change: wrong credentials, or an endpoint that is not a receiver. */
  | { kind: 'paused'; reason: PauseReason; status: number }
  /** Not received, or not known to be received: try again later. */
  | { kind: 'retry'; reason: 'network' | 'timeout' | 'server'; status?: number; retryAfterMs?: number };

/**
 * What a 2xx answer means before its body is read: a captive portal's page,
 * a redirect, or (undefined) an answer from the receiver.
 */
export function notFromReceiver(response: Response): SendOutcome | undefined {
  const { status } = response;
  // Taking either of these for an acknowledgement would lose the report.
  // A captive portal (a Wi-Fi login page) answers 200 with HTML: the network
  // is not there yet, so try again. Receivers never redirect a POST, so a
  // redirected answer (fetch follows redirects) comes from something else.
  if (/text\/html/i.test(response.headers.get('Content-Type') ?? '')) return { kind: 'retry', reason: 'network', status };
  if (response.redirected) return { kind: 'paused', reason: 'config', status };
  return undefined;
}

/**
 * The receipt a 2xx answer proves for this report: its `acknowledgement`
 * verifies against a key the tablet pins, and the signed statement names this
 * report's id, reference and content hash. The receipt id and time are read
 * from the signed statement: the members beside it are nobody's word.
 * Undefined when it proves nothing (unsigned, another key, another report or
 * version, another kind of statement). Never throws.
 */
async function signedReceiptIn(
  body: unknown,
  report: ReportIdentity,
  signingKeys: readonly AgencySigningKey[],
): Promise<SignedReceipt | undefined> {
  const acknowledgement = stringAt(body, 'acknowledgement');
  if (acknowledgement === undefined) return undefined;
  const statement = await acknowledgementOfReport(acknowledgement, report, signingKeys);
  return statement && { receiptId: statement.receiptId, receivedAt: statement.receivedAt, acknowledgement };
}

/** What a report's status and answer body mean, its acknowledgement checked against the pinned signing keys. */
export async function outcomeOf(
  status: number,
  body: unknown,
  report: ReportIdentity,
  signingKeys: readonly AgencySigningKey[],
  retryAfter: () => number | undefined,
): Promise<SendOutcome> {
  if (!isAcknowledgementStatus(status)) return failureOf(status, body, retryAfter);
  // Nothing can prove receipt to a tablet that pins no signing key: the deployment's config.json must list them.
  if (signingKeys.length === 0) return { kind: 'paused', reason: 'noSigningKey', status };
  const receipt = await signedReceiptIn(body, report, signingKeys);
  // Not an acknowledgement: keep the report, and stop sending until the address (or the keys) are fixed.
  return receipt ? { kind: 'acknowledged', status, ...receipt } : { kind: 'paused', reason: 'unconfirmed', status };
}

/** What an answer that is not a 2xx means for the reports it answers. */
export function failureOf(status: number, body: unknown, retryAfter: () => number | undefined): SendOutcome {
  if (status === 409) return { kind: 'conflict', status, message: stringAt(body, 'message') };
  if (status === 400 || status === 413 || status === 422) {
    return { kind: 'rejected', status, message: stringAt(body, 'message') ?? stringAt(body, 'error'), fields: fieldsOf(body) };
  }
  if (status === 401 || status === 403) return { kind: 'paused', reason: 'auth', status };
  if (isRetryable(status)) return { kind: 'retry', reason: 'server', status, retryAfterMs: retryAfter() };
  // 404, 405, 3xx, 1xx...: the endpoint is most likely not a receiver.
  // Retrying will not help; the report is kept and goes once the settings change.
  return { kind: 'paused', reason: 'config', status };
}

const isRetryable = (status: number) => status === 408 || status === 425 || status === 429 || status >= 500;

function fieldsOf(body: unknown): FieldProblem[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = (body as Record<string, unknown>).fields;
  if (!Array.isArray(fields)) return undefined;
  return fields.flatMap((field: unknown) => {
    const path = stringAt(field, 'path');
    const message = stringAt(field, 'message');
    return path !== undefined && message !== undefined ? [{ path, message }] : [];
  });
}
