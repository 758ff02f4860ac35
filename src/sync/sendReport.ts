// One attempt to deliver one report: the HTTP request the receiver's contract
// describes, and what its answer means. No database here; the engine records
// the outcome.
import { SCHEMA_VERSION } from '../contract/protocol';
import { retryAfterMs, type BackoffPolicy } from './backoff';
import type { Clock } from '../lib/clock';
import type { OutboxItem } from '../storage/db';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface SyncConfig {
  /** The receiver's full URL. */
  endpoint: string;
  token?: string;
}

export type FieldProblem = { path: string; message: string };

/**
 * Why nothing more can be sent until the settings change: "auth", the
 * receiver refused the credentials; "config", the endpoint is not a receiver
 * (404, 405, a redirect...); "unconfirmed", it answered 2xx but did not
 * acknowledge the report (a proxy or gateway that did not forward it).
 */
export type PauseReason = 'auth' | 'config' | 'unconfirmed';

/** What the receiver's acknowledgement gives the report: its receipt. */
export interface Receipt {
  receiptId: string;
  receivedAt: string;
}

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

export interface SendRequest {
  fetch: FetchLike;
  config: SyncConfig;
  item: OutboxItem;
  clock: Clock;
  timeoutMs: number;
  backoff?: BackoffPolicy;
  /** The body, when the caller has written it out already (JSON.stringify(requestBody(item))). */
  json?: string;
}

/** What goes over the wire. The receiver validates `report` with the same schema. */
export function requestBody(item: OutboxItem) {
  return {
    id: item.id,
    schemaVersion: SCHEMA_VERSION,
    reference: item.reference,
    createdAt: item.createdAt,
    submittedAt: item.submittedAt,
    contentHash: item.contentHash,
    report: item.report,
  };
}

class RequestTimeout extends Error {}

/** An answer and its body as JSON (undefined when it is not JSON). */
export interface Exchange {
  response: Response;
  body: unknown;
}

/**
 * One request with a time limit on the answer and its body. Throws on a
 * network error or the time limit; sendFailure tells which.
 */
export async function exchange(fetch: FetchLike, url: string, init: RequestInit, clock: Clock, timeoutMs: number): Promise<Exchange> {
  const controller = new AbortController();
  let timer: unknown;
  // Raced against the request too, in case a fetch does not honour the signal.
  const deadline = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => {
      reject(new RequestTimeout());
      controller.abort();
    }, timeoutMs);
  });
  try {
    const response = await Promise.race([fetch(url, { ...init, signal: controller.signal, cache: 'no-store' }), deadline]);
    const body = await Promise.race([readJson(response), deadline]);
    return { response, body };
  } finally {
    clock.clearTimeout(timer);
  }
}

/** What a request that threw (see exchange) means for the reports in it. */
export function sendFailure(error: unknown): SendOutcome {
  return { kind: 'retry', reason: error instanceof RequestTimeout ? 'timeout' : 'network' };
}

export function requestHeaders(config: SyncConfig): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    ...(config.token && { Authorization: `Bearer ${config.token}` }),
  };
}

/** Sends the report once and classifies the answer. Never throws. */
export async function sendReport({ fetch, config, item, clock, timeoutMs, backoff, json }: SendRequest): Promise<SendOutcome> {
  const init: RequestInit = {
    method: 'POST',
    // The Idempotency-Key makes a resend safe: the receiver answers a replay with the original receipt.
    headers: { ...requestHeaders(config), 'Idempotency-Key': item.id },
    body: json ?? JSON.stringify(requestBody(item)),
  };
  try {
    const { response, body } = await exchange(fetch, config.endpoint, init, clock, timeoutMs);
    return classify(response, body, item, clock.now(), backoff);
  } catch (error) {
    return sendFailure(error);
  }
}

/** The body as JSON, or undefined when it is not JSON. Errors while reading it are network errors. */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

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

function classify(response: Response, body: unknown, item: ReportIdentity, nowMs: number, backoff: BackoffPolicy | undefined): SendOutcome {
  if (isAcknowledgement(response.status)) {
    const notReceived = notFromReceiver(response);
    if (notReceived) return notReceived;
  }
  return outcomeOf(response.status, body, item, () => retryAfterMs(response.headers.get('Retry-After'), nowMs, backoff));
}

export const isAcknowledgement = (status: number) => status === 200 || status === 201 || status === 202;

/** What names a report in a receiver's answer. */
export type ReportIdentity = Pick<OutboxItem, 'id' | 'contentHash'>;

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

/** What a report's status and answer body mean (docs/sync-protocol.md, "Answers"). */
export function outcomeOf(status: number, body: unknown, report: ReportIdentity, retryAfter: () => number | undefined): SendOutcome {
  if (!isAcknowledgement(status)) return failureOf(status, body, retryAfter);
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

export function stringAt(body: unknown, key: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

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
