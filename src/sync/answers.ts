// What a receiver's answer means for the reports it answers
// (docs/sync-protocol.md, "Answers"): the outcome the engine records.
import { isAcknowledgementStatus, receiptIn, stringAt, type FieldProblem, type Receipt, type ReportIdentity } from '../contract/protocol';
import type { PauseReason } from './sendingPause';

export type SendOutcome =
  | ({ kind: 'acknowledged'; status: number } & Receipt)
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

/** What a report's status and answer body mean. */
export function outcomeOf(status: number, body: unknown, report: ReportIdentity, retryAfter: () => number | undefined): SendOutcome {
  if (!isAcknowledgementStatus(status)) return failureOf(status, body, retryAfter);
  const receipt = receiptIn(body, report);
  // Not an acknowledgement: keep the report, and stop sending until the address is fixed.
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
