// One pass over the due reports, under the sender lock: unless sending is
// paused, reports a dead sender left in "sending" go back in the queue, and
// the due ones are sent by a pool of workers, at most `concurrency` requests
// in flight, with one report each or several where the receiver takes batches.
import type { AgencySigningKey } from '../contract/agencySignature';
// Then, still under the lock, it asks what became of the reports sent before.
import { askStatuses, type StatusSummary } from './askStatuses';
import { claimAhead, releaseUnsent } from './claimAhead';
import { dueIds, recoverStaleSending } from './outboxTransitions';
import { createOutcomeWriter, NOTHING_WRITTEN } from './outcomeWriter';
import type { PassContext } from './passContext';
import { receiverBatchLimits } from './sendBatch';
import { sendClaimed, type Sending, type Sent } from './sendClaimed';
import type { LockHandle } from './senderLock';
import { configFingerprint, liftSendingPause, readSendingPause } from './sendingPause';
import type { SyncConfig } from './transport';

export interface SyncSummary {
  /** Why the pass sent nothing: no settings, another tab is sending, sending is paused, or it failed. */
  readonly skipped?: 'not-configured' | 'locked' | 'paused' | 'error';
  /** Reports found in "sending" (left by a sender that died) and queued again. */
  readonly recovered: number;
  readonly attempted: number;
  readonly acknowledged: number;
  /** Back in the queue for a later attempt. */
  readonly retrying: number;
  readonly rejected: number;
  readonly conflicts: number;
  /** Sending is paused (refused credentials, or an endpoint that is not a receiver), since before or during this pass. */
  readonly paused: boolean;
  /** The question what became of the reports sent before, after sending; absent when sending was paused. */
  readonly statuses?: StatusSummary;
}

export const NOTHING_SENT: SyncSummary = Object.freeze({
  recovered: 0,
  attempted: 0,
  acknowledged: 0,
  retrying: 0,
  rejected: 0,
  conflicts: 0,
  paused: false,
});

/**
 * How long the question whether the receiver takes batches may wait: on a
 * network where requests hang, the reports' own requests should not wait
 * behind it for a whole request time limit.
 */
export const BATCH_QUESTION_TIMEOUT_MS = 10_000;

export async function runPass(ctx: PassContext): Promise<SyncSummary> {
  const { db, clock, store } = ctx;
  const config = await ctx.getConfig();
  if (!config) return { ...NOTHING_SENT, skipped: 'not-configured' };
  // Read once a pass: a change to config.json's keys takes effect from the next.
  const signingKeys = await ctx.getSigningKeys();
  const fingerprint = await configFingerprint(config, signingKeys);
  const locked = await ctx.lock.runExclusive(async (handle): Promise<SyncSummary> => {
    const pause = await readSendingPause(db);
    if (pause?.configFingerprint === fingerprint) {
      store.update(() => ({ paused: true, pauseReason: pause.reason }));
      return { ...NOTHING_SENT, skipped: 'paused', paused: true };
    }
    // No pause, or the settings changed since it was paused.
    await liftSendingPause(db);
    store.update(() => ({ paused: false, pauseReason: undefined }));
    const recovered = await recoverStaleSending(db);
    const due = await dueIds(db, clock.now());
    store.update(() => ({ syncing: true, total: due.length, sent: 0 }));
    let sent: SyncSummary;
    try {
      sent = { recovered, ...(await sendDue(ctx, due, { config, signingKeys, fingerprint, handle })) };
    } finally {
      store.update(() => ({ syncing: false }));
    }
    // Refused credentials would be refused here too. A failure here is no sending error: it is not shown.
    if (sent.paused) return sent;
    const receiver = { fetch: ctx.fetch, config, clock, timeoutMs: ctx.timeoutMs };
    return { ...sent, statuses: await askStatuses(db, receiver, ctx.statusRequests, signingKeys) };
  });
  return locked.acquired ? locked.value : { ...NOTHING_SENT, skipped: 'locked' };
}

/** What the due reports are sent with: the settings, and the sender lock this pass holds. */
interface UnderLock {
  config: SyncConfig;
  signingKeys: readonly AgencySigningKey[];
  /** Kept with a pause, to resume when the settings change. */
  fingerprint: string;
  handle: LockHandle;
}

/**
 * A pool of workers sending the due reports in turn. Reports are claimed a
 * batch at a time ahead of the workers, and their outcomes written in groups
 * behind them.
 */
async function sendDue(
  ctx: PassContext,
  ids: readonly string[],
  { config, signingKeys, fingerprint, handle }: UnderLock,
): Promise<Omit<SyncSummary, 'skipped' | 'recovered'>> {
  const { fetch, clock, timeoutMs, concurrency } = ctx;
  let inFlight = 0;
  let attempted = 0;
  let paused = false;
  const outcomes = createOutcomeWriter(ctx, fingerprint, () => inFlight);
  // One report alone needs no batch, nor the question whether the receiver takes them.
  const question = { fetch, config, clock, timeoutMs: Math.min(timeoutMs, BATCH_QUESTION_TIMEOUT_MS) };
  const limits = ids.length > 1 ? await receiverBatchLimits(question) : undefined;
  const sending: Sending = { receiver: { fetch, config, clock, timeoutMs }, signingKeys, limits };
  const claims = claimAhead(ctx, ids, {
    perRequest: () => sending.limits?.maxReports ?? 1,
    // Once paused or when the lock is lost; what is in flight finishes.
    stopped: () => paused || !handle.held,
  });
  const record = ({ report, outcome }: Sent) => {
    attempted += 1;
    // No further report is taken, even before the pause is written.
    if (outcome.kind === 'paused') paused = true;
    outcomes.add({ sent: report.item, outcome, now: clock.now() });
  };

  const worker = async () => {
    for (let claimed = await claims.take(); claimed.length > 0; claimed = await claims.take()) {
      inFlight += 1;
      try {
        await sendClaimed(ctx, { claimed, sending, record, paused: () => paused });
      } finally {
        inFlight -= 1;
      }
      outcomes.writeIfReady();
      claims.topUp();
    }
  };
  let written = NOTHING_WRITTEN;
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    // Claimed but not sent (the pass stopped early): back in the queue, untouched.
    await releaseUnsent(ctx, await claims.leftOver());
  } finally {
    written = await outcomes.written();
  }
  return { attempted, paused, ...written };
}
