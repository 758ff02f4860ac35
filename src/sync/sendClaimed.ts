// Sends the reports a worker took for one request, sealed for the agency as
// they were filed: in batches where the receiver takes them, else one at a
// time. A batch not answered as one sends its reports, and the rest of the
// pass, one at a time.
import type { AgencySigningKey } from '../contract/agencySignature';
import type { BatchLimits } from '../contract/protocol';
import type { OutboxItem } from '../storage/db';
import type { SendOutcome } from './answers';
import { releaseUnsent } from './claimAhead';
import { parkClaim } from './outboxTransitions';
import { outgoing, type Outgoing } from './outgoing';
import { noteFailure, type PassContext } from './passContext';
import { packBatches, sendBatch } from './sendBatch';
import { sendReport } from './sendReport';
import type { Receiver } from './transport';

/**
 * How this pass sends: where, the signing keys acknowledgements are checked
 * against, and the receiver's batch limits while it takes batches (undefined
 * from the first batch it did not answer as one).
 */
export interface Sending {
  readonly receiver: Receiver;
  readonly signingKeys: readonly AgencySigningKey[];
  limits: BatchLimits | undefined;
}

export interface Sent {
  report: Outgoing;
  outcome: SendOutcome;
}

export interface SendClaimed {
  claimed: readonly OutboxItem[];
  sending: Sending;
  /** Called with each report's outcome as it comes. */
  record(sent: Sent): void;
  /** Once true, nothing more is sent: what is left goes back to the queue untouched. */
  paused(): boolean;
}

export async function sendClaimed(ctx: PassContext, { claimed, sending, record, paused }: SendClaimed): Promise<void> {
  const ready: Outgoing[] = [];
  for (const item of claimed) {
    if (item.sealedForAgency !== undefined) ready.push(outgoing({ ...item, sealedForAgency: item.sealedForAgency }));
    else await park(ctx, item);
  }
  const { backoff } = ctx;
  const { signingKeys } = sending;
  let requests = sending.limits ? packBatches(ready, sending.limits) : ready.map((report) => [report]);
  for (let reports = requests.shift(); reports; reports = requests.shift()) {
    if (paused()) {
      await releaseUnsent(ctx, [...reports, ...requests.flat()].map((report) => report.item));
      return;
    }
    if (reports.length === 1) {
      const [report] = reports as [Outgoing];
      record({ report, outcome: await sendReport({ ...sending.receiver, report, signingKeys, backoff }) });
      continue;
    }
    const answered = await sendBatch({ ...sending.receiver, reports, signingKeys, backoff });
    if (answered !== 'one at a time') {
      answered.forEach((outcome, at) => record({ report: reports[at] as Outgoing, outcome }));
      continue;
    }
    // Not a receiver that takes batches after all: these and the rest of the pass go one at a time.
    sending.limits = undefined;
    requests = [...reports, ...requests.flat()].map((report) => [report]);
  }
}

/**
 * A report not sealed for the agency (queued before sealing, or filed before
 * the tablet knew the agency's key) waits for a profile that can seal it.
 */
async function park(ctx: PassContext, claimed: OutboxItem): Promise<void> {
  try {
    await parkClaim(ctx.db, claimed.id);
    ctx.store.update((state) => ({ total: Math.max(0, state.total - 1) }));
  } catch {
    // A database error. The report stays where it was ("sending" is recovered by the next pass).
    noteFailure(ctx);
  }
}
