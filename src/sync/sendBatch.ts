// Several reports in one request, to a receiver that says it takes them
// (docs/sync-protocol.md, "Sending several reports at once"). Each report's
// answer means what it would mean alone. Anything that is not a clear answer
// for every report sends them one at a time instead.
import type { AgencySigningKey } from '../contract/agencySignature';
import { isAcknowledgementStatus, stringAt, type BatchLimits } from '../contract/protocol';
import { failureOf, notFromReceiver, outcomeOf, type SendOutcome } from './answers';
import { retryAfterMs, type BackoffPolicy } from './backoff';
import type { Outgoing } from './outgoing';
import { exchange, type Receiver } from './transport';

/**
 * Reports per request at most, whatever the receiver takes: a lost answer
 * means sending them all again, and the progress shown moves a request at a time.
 */
export const MAX_REPORTS_PER_REQUEST = 20;

/** The batch route beside the endpoint: ".../api/reports" -> ".../api/reports/batch". */
export function batchUrl(endpoint: string): string {
  const url = new URL(endpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/batch`;
  return url.href;
}

/**
 * Asks the receiver (GET on the endpoint) whether it takes batches, and how
 * large. Undefined when it does not say so, or cannot be asked: then reports
 * go one at a time, as to any receiver. Never throws.
 */
export async function receiverBatchLimits(receiver: Receiver): Promise<BatchLimits | undefined> {
  const answer = await exchange(receiver, { method: 'GET' });
  if (!answer.answered) return undefined;
  const { response, body } = answer;
  if (response.status !== 200 || typeof body !== 'object' || body === null) return undefined;
  const batch = (body as { batch?: unknown }).batch;
  if (typeof batch !== 'object' || batch === null) return undefined;
  const { maxReports, maxBytes } = batch as Record<string, unknown>;
  if (!Number.isSafeInteger(maxReports) || !Number.isSafeInteger(maxBytes)) return undefined;
  const reports = Math.min(maxReports as number, MAX_REPORTS_PER_REQUEST);
  return reports >= 2 && (maxBytes as number) > 0 ? { maxReports: reports, maxBytes: maxBytes as number } : undefined;
}

/** A batch body's bytes at most: its frame, and per report its JSON (UTF-8 takes up to 3 bytes per UTF-16 code unit) and a comma. */
const EMPTY_BATCH_BYTES = '{"reports":[]}'.length;
const bytesAtMost = (report: Outgoing) => 3 * report.json.length + 1;

/**
 * Splits reports, in order, into requests of at most maxReports and maxBytes.
 * A report too large for any batch gets a request of its own.
 */
export function packBatches(reports: readonly Outgoing[], limits: BatchLimits): Outgoing[][] {
  const requests: Outgoing[][] = [];
  let current: Outgoing[] = [];
  let bytes = EMPTY_BATCH_BYTES;
  for (const report of reports) {
    const size = bytesAtMost(report);
    if (current.length > 0 && (current.length + 1 > limits.maxReports || bytes + size > limits.maxBytes)) {
      requests.push(current);
      current = [];
      bytes = EMPTY_BATCH_BYTES;
    }
    current.push(report);
    bytes += size;
  }
  if (current.length > 0) requests.push(current);
  return requests;
}

export interface BatchRequest extends Receiver {
  reports: readonly Outgoing[];
  /** The keys the tablet pins: an acknowledgement counts only when signed by one of them. */
  signingKeys: readonly AgencySigningKey[];
  backoff?: BackoffPolicy;
}

/**
 * Sends the reports in one request. Returns an outcome for each, in order, or
 * "one at a time" when the answer is not one the protocol gives for a batch
 * (no batch route after all, a refused batch, results that do not match):
 * then nothing is known of any of them. Never throws.
 */
export async function sendBatch({ reports, signingKeys, backoff, ...receiver }: BatchRequest): Promise<SendOutcome[] | 'one at a time'> {
  const answer = await exchange(receiver, {
    method: 'POST',
    url: batchUrl(receiver.config.endpoint),
    body: `{"reports":[${reports.map((report) => report.json).join(',')}]}`,
  });
  const all = (outcome: SendOutcome) => reports.map(() => outcome);
  if (!answer.answered) return all({ kind: 'retry', reason: answer.failure });
  const { response, body } = answer;
  if (isAcknowledgementStatus(response.status)) {
    const notReceived = notFromReceiver(response);
    if (notReceived) return all(notReceived);
    return (await outcomesOf(body, reports, signingKeys)) ?? 'one at a time';
  }
  // Refused credentials and a busy receiver hold for every report in the request, as for one alone.
  const whole = failureOf(response.status, body, () => retryAfterMs(response.headers.get('Retry-After'), receiver.clock.now(), backoff));
  if (whole.kind === 'retry' || (whole.kind === 'paused' && whole.reason === 'auth')) return all(whole);
  return 'one at a time';
}

/**
 * Each report's outcome from a batch answer's results, or undefined unless
 * there is exactly one result per report and every acknowledgement names the
 * report it is for: a report is never taken as received on a guess.
 */
async function outcomesOf(body: unknown, reports: readonly Outgoing[], signingKeys: readonly AgencySigningKey[]): Promise<SendOutcome[] | undefined> {
  const results = typeof body === 'object' && body !== null ? (body as { results?: unknown }).results : undefined;
  if (!Array.isArray(results) || results.length !== reports.length) return undefined;
  const checked: { status: number; result: unknown; report: Outgoing }[] = [];
  for (const [index, result] of results.entries()) {
    const status = typeof result === 'object' && result !== null ? (result as { status?: unknown }).status : undefined;
    if (typeof status !== 'number' || !Number.isInteger(status)) return undefined;
    const report = reports[index] as Outgoing;
    if (isAcknowledgementStatus(status) && stringAt(result, 'id') !== report.item.id) return undefined;
    checked.push({ status, result, report });
  }
  // Each result is an acknowledgement by the same rule as a report sent
  // alone (its own signature checked); a report's own retry has no
  // Retry-After of its own: the backoff decides.
  return Promise.all(checked.map(({ status, result, report }) => outcomeOf(status, result, report.item, signingKeys, () => undefined)));
}
