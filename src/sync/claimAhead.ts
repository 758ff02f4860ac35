// Claims the due reports a batch at a time, ahead of the workers that send
// them, and hands each worker its share for one request.
import type { OutboxItem } from '../storage/db';
import { claimBatch, releaseClaims } from './outboxTransitions';
import { noteFailure, type PassContext } from './passContext';

/**
 * Reports claimed in one read-write transaction, which costs far more than the
 * records in it. The next batch is claimed once half of one is left.
 */
export const CLAIM_BATCH_SIZE = 64;

export interface ClaimPace {
  /** Reports per request now: one, or as many as the receiver takes in a batch. */
  perRequest(): number;
  /** The pass takes no more reports (paused, or the lock was lost); what is in flight finishes. */
  stopped(): boolean;
}

export interface ClaimAhead {
  /** The next reports for one request: an even share of what was claimed, so that every worker has some. None once all are taken or the pass stopped. */
  take(): Promise<OutboxItem[]>;
  /** Claims the next batch before the workers run out. */
  topUp(): void;
  /** Once the workers are done: waits for a claim under way, and returns what was claimed but not taken. */
  leftOver(): Promise<OutboxItem[]>;
}

export function claimAhead(ctx: PassContext, ids: readonly string[], { perRequest, stopped }: ClaimPace): ClaimAhead {
  const { db, clock, store, concurrency } = ctx;
  const claimed: OutboxItem[] = [];
  let next = 0;
  let claiming: Promise<void> | undefined;
  // The first claim is what the workers' first requests carry: one report
  // each, or their shares of one batch each. A pass stopped by its first
  // answers (a pause) then claims hardly more than it sends.
  let batchSize = concurrency * perRequest();
  // Reports per request from what was claimed last: an even share for each worker.
  let share = 1;

  const claimMore = async () => {
    const batch = ids.slice(next, next + batchSize);
    next += batch.length;
    batchSize = Math.max(concurrency * perRequest(), CLAIM_BATCH_SIZE);
    try {
      const taken = await claimBatch(db, batch, clock.now());
      claimed.push(...taken);
      share = Math.min(perRequest(), Math.ceil(claimed.length / concurrency));
      // The others were taken by another sender, or changed since the pass began.
      const gone = batch.length - taken.length;
      if (gone > 0) store.update((state) => ({ total: Math.max(0, state.total - gone) }));
    } catch {
      // A database error: the batch stays queued for the next pass.
      noteFailure(ctx);
    }
  };
  const startClaiming = () => {
    claiming ??= claimMore().finally(() => {
      claiming = undefined;
    });
    return claiming;
  };

  return {
    async take() {
      while (!stopped()) {
        if (claimed.length > 0) return claimed.splice(0, Math.max(1, Math.min(share, perRequest())));
        if (next >= ids.length && !claiming) return [];
        await startClaiming();
      }
      return [];
    },
    topUp() {
      const claimAheadBelow = Math.max(concurrency * perRequest(), CLAIM_BATCH_SIZE / 2);
      if (!stopped() && claimed.length <= claimAheadBelow && next < ids.length) void startClaiming();
    },
    async leftOver() {
      while (claiming) await claiming;
      return claimed.splice(0);
    },
  };
}

/** Puts claimed reports back in the queue as they were; on a database error they stay in "sending", which the next pass recovers. */
export async function releaseUnsent(ctx: PassContext, items: readonly OutboxItem[]): Promise<void> {
  if (items.length === 0) return;
  await releaseClaims(ctx.db, items).catch(() => noteFailure(ctx));
}
