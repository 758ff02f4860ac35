// Sends one report and says what its answer means. No database here; the
// engine records the outcome.
import type { AgencySigningKey } from '../contract/agencySignature';
import { isAcknowledgementStatus } from '../contract/protocol';
import { notFromReceiver, outcomeOf, type SendOutcome } from './answers';
import { retryAfterMs, type BackoffPolicy } from './backoff';
import type { Outgoing } from './outgoing';
import { exchange, type Receiver } from './transport';

export interface SendRequest extends Receiver {
  report: Outgoing;
  /** The keys the tablet pins: an acknowledgement counts only when signed by one of them. */
  signingKeys: readonly AgencySigningKey[];
  backoff?: BackoffPolicy;
}

/** Sends the report once (POST on the endpoint) and classifies the answer. Never throws. */
export async function sendReport({ report, signingKeys, backoff, ...receiver }: SendRequest): Promise<SendOutcome> {
  const answer = await exchange(receiver, { method: 'POST', body: report.json, idempotencyKey: report.item.id });
  if (!answer.answered) return { kind: 'retry', reason: answer.failure };
  const { response, body } = answer;
  if (isAcknowledgementStatus(response.status)) {
    const notReceived = notFromReceiver(response);
    if (notReceived) return notReceived;
  }
  return outcomeOf(response.status, body, report.item, signingKeys, () =>
    retryAfterMs(response.headers.get('Retry-After'), receiver.clock.now(), backoff),
  );
}
