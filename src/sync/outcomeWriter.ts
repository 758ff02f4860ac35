// Writes the outcomes of sending behind the workers, a group per transaction,
// and counts each group stored into the progress shown.
import type { SendOutcome } from './answers';
import { recordOutcomes, type OutcomeEntry } from './outboxTransitions';
import { noteFailure, type PassContext } from './passContext';
import type { PauseReason } from './sendingPause';
import type { SyncState } from './syncState';

/** Outcomes waiting to be written: this many are written at once, even while requests are in flight. */
export const OUTCOME_GROUP_SIZE = 64;
/**
 * How long an outcome waits at most for its group to fill; the progress shown
 * lags as much. Every group written re-runs what shows the outbox (the badge,
 * the list, the last success), so on a slow tablet a group per second, not
 * four, leaves the main thread to the requests.
 */
export const OUTCOME_GROUP_WAIT_MS = 1000;

/** The outcomes stored, by kind. */
export interface WrittenTally {
  readonly acknowledged: number;
  /** Back in the queue for a later attempt. */
  readonly retrying: number;
  readonly rejected: number;
  readonly conflicts: number;
}

export const NOTHING_WRITTEN: WrittenTally = Object.freeze({ acknowledged: 0, retrying: 0, rejected: 0, conflicts: 0 });

export interface OutcomeWriter {
  add(entry: OutcomeEntry): void;
  /** Writes what waits if it is time to (see createOutcomeWriter). */
  writeIfReady(): void;
  /** Resolves once every outcome added so far is written (or failed to be), with what was stored. */
  written(): Promise<WrittenTally>;
}

/**
 * A group is written once it is full, once no request is in flight (nothing
 * more is coming soon), or once its oldest outcome has waited
 * OUTCOME_GROUP_WAIT_MS, so that the progress shown keeps moving on a slow
 * network. A worker does not wait for its own: should the page die first, the
 * report stays in "sending" and is sent again, which the receiver answers with
 * the same receipt.
 */
export function createOutcomeWriter(ctx: PassContext, configFingerprint: string, requestsInFlight: () => number): OutcomeWriter {
  const { db, clock, store } = ctx;
  const context = { random: ctx.random, backoff: ctx.backoff, configFingerprint };
  const pending: OutcomeEntry[] = [];
  let tally = NOTHING_WRITTEN;
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
        } catch {
          // A database error: the reports stay in "sending", and the next pass sends them again.
          noteFailure(ctx);
          continue;
        }
        // The progress shown moves once the outcomes are stored, a group at a time.
        const outcomes = group.map((entry) => entry.outcome);
        tally = counted(tally, outcomes);
        store.update(progressAfter(outcomes, clock.now()));
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
      return tally;
    },
  };
}

/** The tally with a group of stored outcomes counted in. */
function counted(tally: WrittenTally, outcomes: readonly SendOutcome[]): WrittenTally {
  const count = (kind: SendOutcome['kind']) => outcomes.filter((outcome) => outcome.kind === kind).length;
  return {
    acknowledged: tally.acknowledged + count('acknowledged'),
    retrying: tally.retrying + count('retry'),
    rejected: tally.rejected + count('rejected'),
    conflicts: tally.conflicts + count('conflict'),
  };
}

/** How a group of stored outcomes moves the progress shown, in one update: each update re-renders what shows it. */
function progressAfter(outcomes: readonly SendOutcome[], now: number): (state: SyncState) => Partial<SyncState> {
  const sent = outcomes.filter((outcome) => outcome.kind === 'acknowledged').length;
  const failed = sent < outcomes.length;
  let pauseReason: PauseReason | undefined;
  for (const outcome of outcomes) if (outcome.kind === 'paused') pauseReason = outcome.reason;
  return (state) => ({
    ...(sent > 0 && { sent: state.sent + sent, lastSuccessAt: now }),
    ...(failed && { lastFailureAt: now }),
    ...(pauseReason && { paused: true, pauseReason }),
  });
}
