// The sync engine: sends the outbox to the receiver, each report exactly once
// as far as the receiver is concerned (docs/sync-protocol.md), sealed for the
// agency as it was filed, so it needs no key and runs while locked. Plain
// TypeScript: the UI drives it through start/stop/onOnline/resume and reads
// its progress through getState/subscribe. This is its lifecycle, when passes
// run; one pass is pass.ts.
import { systemClock, type Clock } from '../lib/clock';
import type { AgencySigningKey } from '../contract/agencySignature';
import type { ShouhuDatabase } from '../storage/db';
import { createStatusRequests } from './askStatuses';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { defaultSenderLock } from './defaultSenderLock';
import { countSending, earliestQueuedAttempt, networkFailuresDueNow } from './outboxTransitions';
import { NOTHING_SENT, runPass, type SyncSummary } from './pass';
import type { PassContext } from './passContext';
import type { SenderLock } from './senderLock';
import { liftSendingPause } from './sendingPause';
import { nextStatusCheckAt, STATUS_RETRY_AFTER_FAILURE_MS } from './statusDue';
import { createSyncStateStore, type SyncState, type SyncStateListener } from './syncState';
import { browserFetch, type FetchLike, type SyncConfig } from './transport';

export interface SyncEngineOptions {
  db: ShouhuDatabase;
  /** The receiver's settings; null while none are configured (then nothing is sent). */
  getConfig: () => Promise<SyncConfig | null>;
  /** The agency's signing keys the tablet pins (config.json's agencySigningKeys): only an acknowledgement signed by one of them is receipt. */
  getSigningKeys: () => Promise<readonly AgencySigningKey[]>;
  fetch?: FetchLike;
  clock?: Clock;
  /** In [0, 1); for the backoff's jitter. */
  random?: () => number;
  /** Requests in flight at most. */
  concurrency?: number;
  /** A request without an answer after this long counts as failed. */
  requestTimeoutMs?: number;
  /** Defaults to Web Locks, or a lease in the database where those are missing. */
  lock?: SenderLock;
  backoff?: BackoffPolicy;
}

export interface SyncEngine {
  /** One pass over the due reports. While a pass runs, returns that pass. */
  syncNow(): Promise<SyncSummary>;
  /** Syncs now, then again whenever a queued report falls due. */
  start(): void;
  /** Clears the timers; a pass under way finishes. */
  stop(): void;
  /** The browser says it is online again: retry the reports that failed for the network, now. */
  onOnline(): Promise<SyncSummary>;
  /**
   * "Sync now", or new settings: lifts a pause (refused credentials, wrong
   * endpoint; a change of settings lifts it by itself at the next pass), and
   * syncs at once what waits after network failures too, in one pass.
   */
  resume(): Promise<SyncSummary>;
  getState(): SyncState;
  subscribe(listener: SyncStateListener): () => void;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Bounds on the delay to the next scheduled pass. */
export const MIN_PASS_DELAY_MS = 1_000;
export const MAX_PASS_DELAY_MS = 60_000;
/** While another tab holds the sender lock, look again this often at most. */
const LOCKED_PASS_DELAY_MS = 5_000;
/**
 * Reports in "sending" belong to a live sender or a dead one; only the sender
 * lock tells which, so while there are any, a pass looks again this often.
 */
const STALE_SENDING_CHECK_MS = 5_000;

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const clock = options.clock ?? systemClock;
  const ctx: PassContext = {
    db: options.db,
    getConfig: options.getConfig,
    getSigningKeys: options.getSigningKeys,
    fetch: options.fetch ?? browserFetch,
    clock,
    random: options.random ?? Math.random,
    concurrency: Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY)),
    timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    backoff: options.backoff ?? DEFAULT_BACKOFF,
    lock: options.lock ?? defaultSenderLock(options.db, clock),
    store: createSyncStateStore(),
    statusRequests: createStatusRequests(),
  };
  const { db, store } = ctx;

  let running: Promise<SyncSummary> | undefined;
  let started = false;
  let timer: unknown;
  let scheduling = 0;

  /**
   * When a pass may find something to do: a queued report falls due, one in
   * "sending" may be a dead sender's, or an open report's status is due to be
   * asked (not again within a while of a failed request).
   */
  async function nextWakeUp(): Promise<number | undefined> {
    try {
      const earliest = await earliestQueuedAttempt(db);
      const stale = (await countSending(db)) > 0 ? clock.now() + STALE_SENDING_CHECK_MS : undefined;
      const { failedAt } = ctx.statusRequests;
      const statusDue = await nextStatusCheckAt(db);
      const statuses = statusDue === undefined || failedAt === undefined ? statusDue : Math.max(statusDue, failedAt + STATUS_RETRY_AFTER_FAILURE_MS);
      const times = [earliest, stale, statuses].filter((time) => time !== undefined);
      return times.length === 0 ? undefined : Math.min(...times);
    } catch {
      return clock.now();
    }
  }

  async function scheduleNext(summary: SyncSummary) {
    const generation = ++scheduling;
    const wakeUp = await nextWakeUp();
    if (!started || generation !== scheduling) return;
    clock.clearTimeout(timer);
    timer = undefined;
    const delay = nextPassDelay(summary, wakeUp, clock.now());
    if (delay === undefined) return; // nothing waits
    timer = clock.setTimeout(() => {
      timer = undefined;
      void syncNow();
    }, delay);
  }

  function syncNow(): Promise<SyncSummary> {
    if (running) return running;
    const pass = runPass(ctx)
      .catch((): SyncSummary => {
        store.update(() => ({ syncing: false, lastFailureAt: clock.now() }));
        return { ...NOTHING_SENT, skipped: 'error' };
      })
      .then((summary) => {
        running = undefined;
        if (started) void scheduleNext(summary);
        return summary;
      });
    running = pass;
    return pass;
  }

  /** Lets a pass under way finish, then starts a new one (which sees what changed meanwhile). */
  async function syncAfterCurrent(): Promise<SyncSummary> {
    if (running) await running;
    return syncNow();
  }

  return {
    syncNow,
    start() {
      if (started) return;
      started = true;
      void syncNow();
    },
    stop() {
      started = false;
      scheduling += 1;
      clock.clearTimeout(timer);
      timer = undefined;
    },
    async onOnline() {
      await networkFailuresDueNow(db, clock.now());
      return syncAfterCurrent();
    },
    async resume() {
      await liftSendingPause(db);
      store.update(() => ({ paused: false, pauseReason: undefined }));
      await networkFailuresDueNow(db, clock.now());
      return syncAfterCurrent();
    },
    getState: store.getState,
    subscribe: store.subscribe,
  };
}

/**
 * How long until the next pass after `summary`, given when a report next
 * falls due (`wakeUp`); undefined when nothing waits.
 */
function nextPassDelay(summary: SyncSummary, wakeUp: number | undefined, now: number): number | undefined {
  // Paused: looks whether the settings changed; no request is made.
  if (summary.skipped === 'paused') return MAX_PASS_DELAY_MS;
  if (wakeUp === undefined) return undefined;
  if (summary.skipped === 'not-configured' || summary.skipped === 'error') return MAX_PASS_DELAY_MS;
  const delay = Math.min(MAX_PASS_DELAY_MS, Math.max(MIN_PASS_DELAY_MS, wakeUp - now));
  return summary.skipped === 'locked' ? Math.max(delay, LOCKED_PASS_DELAY_MS) : delay;
}
