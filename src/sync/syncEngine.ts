// The sync engine: sends the outbox to the receiver, each report exactly once
// as far as the receiver is concerned (see sendReport.ts for the contract).
// Plain TypeScript: the UI drives it through start/stop/onOnline/resume and
// reads its progress through getState/subscribe.
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { systemClock, type Clock } from '../lib/clock';
import type { OutboxItem, ShouhuDatabase } from '../storage/db';
import type { Report } from '../contract/schema';
import {
  claimBatch,
  dueIds,
  earliestQueuedAttempt,
  ensureContentHash,
  recordOutcomes,
  recoverStaleSending,
  releaseClaim,
  releaseClaims,
  type OutcomeEntry,
} from './outboxTransitions';
import { configFingerprint, liftSendingPause, readSendingPause } from './sendingPause';
import { defaultSenderLock } from './defaultSenderLock';
import type { LockHandle, SenderLock } from './senderLock';
import { outgoing, packBatches, receiverBatchLimits, sendBatch, type BatchLimits, type Outgoing } from './sendBatch';
import { sendReport, type FetchLike, type PauseReason, type SendOutcome, type SyncConfig } from './sendReport';
import { createSyncStateStore, type SyncState, type SyncStateListener } from './syncState';

export interface SyncEngineOptions {
  db: ShouhuDatabase;
  /** The receiver's settings; null while none are configured (then nothing is sent). */
  getConfig: () => Promise<SyncConfig | null>;
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
  /**
   * Opens a report sealed at rest for sending (see src/vault/content.ts);
   * undefined when this session cannot. Reports stored in clear need none.
   */
  openReport?: (item: OutboxItem) => Promise<Report | undefined>;
}

export interface SyncSummary {
  /** Why the pass sent nothing: no settings, another tab is sending, sending is paused, or it failed. */
  skipped?: 'not-configured' | 'locked' | 'paused' | 'error';
  /** Reports found in "sending" (left by a sender that died) and queued again. */
  recovered: number;
  attempted: number;
  acknowledged: number;
  /** Back in the queue for a later attempt. */
  retrying: number;
  rejected: number;
  conflicts: number;
  /** Sending is paused (refused credentials, or an endpoint that is not a receiver), since before or during this pass. */
  paused: boolean;
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
/**
 * Reports claimed in one read-write transaction, which costs far more than the
 * records in it. The next batch is claimed once half of one is left.
 */
export const CLAIM_BATCH_SIZE = 64;
/** Outcomes waiting to be written: this many are written at once, even while requests are in flight. */
export const OUTCOME_GROUP_SIZE = 64;
/**
 * How long an outcome waits at most for its group to fill; the progress shown
 * lags as much. Every group written re-runs what shows the outbox (the badge,
 * the list, the last success), so on a slow tablet a group per second, not
 * four, leaves the main thread to the requests.
 */
export const OUTCOME_GROUP_WAIT_MS = 1000;

/**
 * How long the question whether the receiver takes batches may wait: on a
 * network where requests hang, the reports' own requests should not wait
 * behind it for a whole request time limit.
 */
export const BATCH_QUESTION_TIMEOUT_MS = 10_000;

/** How this pass sends: where, and the receiver's batch limits while it takes batches. */
interface Sending {
  config: SyncConfig;
  limits: BatchLimits | undefined;
}

interface OutcomeWriter {
  add(entry: OutcomeEntry): void;
  /** Writes what waits if it is time to (see outcomeWriter). */
  writeIfReady(): void;
  /** Resolves once every outcome added so far is written (or failed to be). */
  written(): Promise<void>;
}

const emptySummary = (): SyncSummary => ({
  recovered: 0,
  attempted: 0,
  acknowledged: 0,
  retrying: 0,
  rejected: 0,
  conflicts: 0,
  paused: false,
});

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db, getConfig } = options;
  const fetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const lock = options.lock ?? defaultSenderLock(db, clock);
  const store = createSyncStateStore();

  let running: Promise<SyncSummary> | undefined;
  let started = false;
  let timer: unknown;
  let scheduling = 0;

  async function runPass(): Promise<SyncSummary> {
    const summary = emptySummary();
    const config = await getConfig();
    if (!config) return { ...summary, skipped: 'not-configured' };
    const fingerprint = await configFingerprint(config);
    const locked = await lock.runExclusive(async (handle) => {
      const pause = await readSendingPause(db);
      if (pause?.configFingerprint === fingerprint) {
        store.update(() => ({ paused: true, pauseReason: pause.reason }));
        return { ...summary, skipped: 'paused' as const, paused: true };
      }
      // No pause, or the settings changed since it was paused.
      await liftSendingPause(db);
      store.update(() => ({ paused: false, pauseReason: undefined }));
      summary.recovered = await recoverStaleSending(db);
      const due = await dueIds(db, clock.now());
      store.update(() => ({ syncing: true, total: due.length, sent: 0 }));
      try {
        await sendAll(due, config, fingerprint, handle, summary);
      } finally {
        store.update(() => ({ syncing: false }));
      }
      return summary;
    });
    return locked.acquired ? locked.value : { ...summary, skipped: 'locked' };
  }

  /**
   * A pool of workers sending the due reports in turn: at most `concurrency`
   * requests in flight, each with one report, or several when the receiver
   * takes batches. Reports are claimed a batch at a time ahead of the workers,
   * and their outcomes written in groups behind them.
   */
  async function sendAll(ids: string[], config: SyncConfig, fingerprint: string, handle: LockHandle, summary: SyncSummary) {
    let inFlight = 0;
    const outcomes = outcomeWriter(fingerprint, summary, () => inFlight);
    const claimed: OutboxItem[] = [];
    let next = 0;
    let claiming: Promise<void> | undefined;
    // One report alone needs no batch, nor the question whether the receiver takes them.
    const limits = ids.length > 1 ? await receiverBatchLimits({ fetch, config, clock, timeoutMs: Math.min(timeoutMs, BATCH_QUESTION_TIMEOUT_MS) }) : undefined;
    const sending: Sending = { config, limits };
    const perRequest = () => sending.limits?.maxReports ?? 1;

    // The first claim is what the workers' first requests carry: one report
    // each, or their shares of one batch each. A pass stopped by its first
    // answers (a pause) then claims hardly more than it sends.
    let batchSize = concurrency * perRequest();
    // Reports per request from what was claimed last: an even share for each worker.
    let share = 1;
    const claimAheadBelow = () => Math.max(concurrency * perRequest(), CLAIM_BATCH_SIZE / 2);
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
        store.update(() => ({ lastFailureAt: clock.now() }));
      }
    };
    const startClaiming = () => {
      claiming ??= claimMore().finally(() => {
        claiming = undefined;
      });
      return claiming;
    };
    // Stop taking reports once paused or when the lock is lost; what is in flight finishes.
    const stopped = () => summary.paused || !handle.held;

    /** The next reports for one request: an even share of what was claimed, so that every worker has some. */
    const take = async (): Promise<OutboxItem[]> => {
      while (!stopped()) {
        if (claimed.length > 0) return claimed.splice(0, Math.max(1, Math.min(share, perRequest())));
        if (next >= ids.length && !claiming) return [];
        await startClaiming();
      }
      return [];
    };

    const worker = async () => {
      for (let items = await take(); items.length > 0; items = await take()) {
        inFlight += 1;
        try {
          await sendSome(items, sending, outcomes, summary);
        } finally {
          inFlight -= 1;
        }
        outcomes.writeIfReady();
        // The next batch is claimed before the workers run out.
        if (!stopped() && claimed.length <= claimAheadBelow() && next < ids.length) void startClaiming();
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
      while (claiming) await claiming;
      // Claimed but not sent (the pass stopped early): back in the queue, untouched.
      await releaseUnsent(claimed.splice(0));
    } finally {
      await outcomes.written();
    }
  }

  /** Puts claimed reports back in the queue as they were; on a database error they stay in "sending", which the next pass recovers. */
  async function releaseUnsent(items: readonly OutboxItem[]) {
    if (items.length === 0) return;
    await releaseClaims(db, items).catch(() => {
      store.update(() => ({ lastFailureAt: clock.now() }));
    });
  }

  /** Opens the claimed reports and sends them: in batches where the receiver takes them, else one at a time. */
  async function sendSome(claimed: readonly OutboxItem[], sending: Sending, outcomes: OutcomeWriter, summary: SyncSummary) {
    const ready: Outgoing[] = [];
    for (const item of claimed) {
      const opened = await openForSending(item);
      if (opened) ready.push(outgoing(opened));
    }
    const record = (report: Outgoing, outcome: SendOutcome) => {
      summary.attempted += 1;
      // No further report is taken, even before the pause is written.
      if (outcome.kind === 'paused') summary.paused = true;
      outcomes.add({ sent: report.item, outcome, now: clock.now() });
    };
    let requests = sending.limits ? packBatches(ready, sending.limits) : ready.map((report) => [report]);
    for (let reports = requests.shift(); reports; reports = requests.shift()) {
      if (summary.paused) {
        // The rest go back to the queue untouched.
        await releaseUnsent([...reports, ...requests.flat()].map((report) => report.item));
        return;
      }
      if (reports.length === 1) {
        const [report] = reports as [Outgoing];
        record(report, await sendReport({ fetch, config: sending.config, item: report.item, json: report.json, clock, timeoutMs, backoff }));
        continue;
      }
      const answered = await sendBatch({ fetch, config: sending.config, reports, clock, timeoutMs, backoff });
      if (answered !== 'one at a time') {
        answered.forEach((outcome, at) => record(reports[at] as Outgoing, outcome));
        continue;
      }
      // Not a receiver that takes batches after all: these and the rest of the pass go one at a time.
      sending.limits = undefined;
      requests = [...reports, ...requests.flat()].map((report) => [report]);
    }
  }

  /** The claimed report with its content, opened for the request only (what is stored stays sealed); undefined if this session cannot open it, or on a database error. */
  async function openForSending(claimed: OutboxItem): Promise<OutboxItem | undefined> {
    try {
      const item = await ensureContentHash(db, claimed);
      const report = item.report ?? (await options.openReport?.(item));
      if (report) return { ...item, report };
      await releaseClaim(db, item.id);
      store.update((state) => ({ total: Math.max(0, state.total - 1) }));
    } catch {
      // A database error. The report stays where it was ("sending" is recovered
      // by the next pass); its content is not logged.
      store.update(() => ({ lastFailureAt: clock.now() }));
    }
    return undefined;
  }

  /**
   * Writes outcomes behind the workers, a group per transaction. A group is
   * written once it is full, once no request is in flight (nothing more is
   * coming soon), or once its oldest outcome has waited OUTCOME_GROUP_WAIT_MS,
   * so that the progress shown keeps moving on a slow network. A worker does
   * not wait for its own: should the page die first, the report stays in
   * "sending" and is sent again, which the receiver answers with the same receipt.
   */
  function outcomeWriter(fingerprint: string, summary: SyncSummary, requestsInFlight: () => number): OutcomeWriter {
    const context = { random, backoff, configFingerprint: fingerprint };
    const pending: OutcomeEntry[] = [];
    let writing = false;
    let ending = false;
    let done = Promise.resolve();
    let timer: unknown;
    const waitedMs = () => clock.now() - (pending[0]?.now ?? clock.now());
    const ready = () =>
      pending.length > 0 &&
      (ending ||
        pending.length >= OUTCOME_GROUP_SIZE ||
        requestsInFlight() === 0 ||
        waitedMs() >= OUTCOME_GROUP_WAIT_MS ||
        // The pause is kept at once, for the other tabs.
        pending.some((entry) => entry.outcome.kind === 'paused'));
    const writeAll = async () => {
      try {
        while (ready()) {
          const group = pending.splice(0);
          try {
            await recordOutcomes(db, group, context);
            // The progress shown moves once the outcomes are stored, a group at a time.
            tally(group.map((entry) => entry.outcome), summary);
          } catch {
            // A database error: the reports stay in "sending", and the next pass sends them again.
            store.update(() => ({ lastFailureAt: clock.now() }));
          }
        }
      } finally {
        writing = false; // in the same turn as the last look at `pending`, so no entry is left behind
        writeIfReady();
      }
    };
    function writeIfReady() {
      if (writing) return;
      if (ready()) {
        clock.clearTimeout(timer);
        timer = undefined;
        writing = true;
        done = writeAll();
      } else if (pending.length > 0 && timer === undefined) {
        // Requests still in flight may hang until their time limit: the group does not wait for them.
        timer = clock.setTimeout(() => {
          timer = undefined;
          writeIfReady();
        }, OUTCOME_GROUP_WAIT_MS - waitedMs());
      }
    }
    return {
      add(entry) {
        pending.push(entry);
        writeIfReady();
      },
      writeIfReady,
      async written() {
        ending = true;
        writeIfReady();
        while (writing) await done;
      },
    };
  }

  /**
   * Counts a group of stored outcomes into the summary and the state shown,
   * with one update of the state: each update re-renders what shows it.
   */
  function tally(outcomes: readonly SendOutcome[], summary: SyncSummary) {
    const now = clock.now();
    let sent = 0;
    let failed = false;
    let pauseReason: PauseReason | undefined;
    for (const outcome of outcomes) {
      switch (outcome.kind) {
        case 'acknowledged':
          summary.acknowledged += 1;
          sent += 1;
          continue;
        case 'paused':
          summary.paused = true;
          pauseReason = outcome.reason;
          break;
        case 'conflict':
          summary.conflicts += 1;
          break;
        case 'rejected':
          summary.rejected += 1;
          break;
        case 'retry':
          summary.retrying += 1;
          break;
      }
      failed = true;
    }
    store.update((state) => ({
      ...(sent > 0 && { sent: state.sent + sent, lastSuccessAt: now }),
      ...(failed && { lastFailureAt: now }),
      ...(pauseReason && { paused: true, pauseReason }),
    }));
  }

  /** When a pass may find something to do: a queued report falls due, or one in "sending" may be a dead sender's. */
  async function nextWakeUp(): Promise<number | undefined> {
    try {
      const earliest = await earliestQueuedAttempt(db);
      const sending = await db.outbox.where('status').equals('sending').count();
      const stale = sending > 0 ? clock.now() + STALE_SENDING_CHECK_MS : undefined;
      return earliest === undefined || stale === undefined ? (earliest ?? stale) : Math.min(earliest, stale);
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
    let delay: number;
    if (summary.skipped === 'paused') {
      // Looks whether the settings changed; no request is made.
      delay = MAX_PASS_DELAY_MS;
    } else if (wakeUp === undefined) {
      return; // nothing waits
    } else if (summary.skipped === 'not-configured' || summary.skipped === 'error') {
      delay = MAX_PASS_DELAY_MS;
    } else {
      delay = Math.min(MAX_PASS_DELAY_MS, Math.max(MIN_PASS_DELAY_MS, wakeUp - clock.now()));
      if (summary.skipped === 'locked') delay = Math.max(delay, LOCKED_PASS_DELAY_MS);
    }
    timer = clock.setTimeout(() => {
      timer = undefined;
      void syncNow();
    }, delay);
  }

  function syncNow(): Promise<SyncSummary> {
    if (running) return running;
    const pass = runPass()
      .catch((): SyncSummary => {
        store.update(() => ({ syncing: false, lastFailureAt: clock.now() }));
        return { ...emptySummary(), skipped: 'error' };
      })
      .then((summary) => {
        running = undefined;
        if (started) void scheduleNext(summary);
        return summary;
      });
    running = pass;
    return pass;
  }

  /** The reports waiting out a backoff after a network failure or a time limit fall due now (a receiver's Retry-After still holds). */
  async function networkFailuresDueNow() {
    const now = clock.now();
    await db.outbox
      .where('status')
      .equals('queued')
      .filter((item) => item.nextAttemptAt > now && (item.lastError?.kind === 'network' || item.lastError?.kind === 'timeout'))
      .modify({ nextAttemptAt: now });
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
      await networkFailuresDueNow();
      return syncAfterCurrent();
    },
    async resume() {
      await liftSendingPause(db);
      store.update(() => ({ paused: false, pauseReason: undefined }));
      await networkFailuresDueNow();
      return syncAfterCurrent();
    },
    getState: store.getState,
    subscribe: store.subscribe,
  };
}
