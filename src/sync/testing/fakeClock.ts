// A virtual clock for tests: time moves only when the test says. (vitest's fake
// timers would also stop the timers fake-indexeddb runs on.)
import type { Clock } from '../../lib/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
  owner: FakeClockView;
}

export interface FakeClockView extends Clock {
  /** Simulates a crash: this view's pending timers never fire, nor do any it sets later. */
  kill(): void;
}

export interface FakeClock extends Clock {
  /** The time of the earliest pending timer, if any. */
  nextTimerAt(): number | undefined;
  pendingTimers(): number;
  /** Moves to the earliest pending timer and fires every timer due then. False when none is pending. */
  advanceToNextTimer(): boolean;
  /** Moves time forward, firing the timers due on the way in order. */
  advanceBy(ms: number): void;
  /** A clock on the same time whose timers can be killed together (one per simulated page). */
  view(): FakeClockView;
}

export function createFakeClock(start = Date.UTC(2026, 10, 22, 8, 0)): FakeClock {
  let now = start;
  let nextId = 1;
  let timers: Timer[] = [];

  const makeView = (): FakeClockView => {
    let dead = false;
    const view: FakeClockView = {
      now: () => now,
      setTimeout(callback, ms) {
        const id = nextId++;
        if (!dead) timers.push({ id, at: now + Math.max(0, ms), callback, owner: view });
        return id;
      },
      clearTimeout(handle) {
        timers = timers.filter((timer) => timer.id !== handle);
      },
      kill() {
        dead = true;
        timers = timers.filter((timer) => timer.owner !== view);
      },
    };
    return view;
  };
  const root = makeView();

  const fireDue = () => {
    for (;;) {
      const due = timers.filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) return;
      timers = timers.filter((timer) => timer !== due);
      due.callback();
    }
  };
  const nextTimerAt = () => (timers.length === 0 ? undefined : Math.min(...timers.map((timer) => timer.at)));

  return {
    now: root.now,
    setTimeout: root.setTimeout,
    clearTimeout: root.clearTimeout,
    nextTimerAt,
    pendingTimers: () => timers.length,
    advanceToNextTimer() {
      const at = nextTimerAt();
      if (at === undefined) return false;
      now = Math.max(now, at);
      fireDue();
      return true;
    },
    advanceBy(ms) {
      const end = now + ms;
      for (;;) {
        const at = nextTimerAt();
        if (at === undefined || at > end) break;
        now = Math.max(now, at);
        fireDue();
      }
      now = end;
    },
    view: makeView,
  };
}

/** Lets real asynchronous work (IndexedDB, WebCrypto, promise chains) run to where it waits on the fake clock. */
export async function settle(rounds = 40): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Waits for `promise`, moving the fake clock on whenever the work is waiting
 * on it (a request hanging until its time limit, a lease to expire).
 * `canAdvance` says when that is safe: not while a request is being answered.
 */
export async function driveUntilSettled<T>(
  promise: Promise<T>,
  clock: FakeClock,
  canAdvance: () => boolean = () => true,
  maxSteps = 10_000,
): Promise<T> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let step = 0; step < maxSteps && !done; step++) {
    await settle();
    if (!done && canAdvance()) clock.advanceToNextTimer();
  }
  return promise;
}

/**
 * Runs `step` between tries of `condition` until it holds; fails after
 * `limitMs` of real time. A bound in time, not in event-loop turns: hashing and
 * sealing run on libuv's thread pool, and on a busy machine they can outlast
 * any fixed number of turns (a wait of 2,500 turns once failed in CI).
 */
export async function stepUntil(
  condition: () => boolean | Promise<boolean>,
  step: () => void | Promise<void>,
  limitMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('stepUntil: the condition never held');
    await step();
  }
}

/** Lets real asynchronous work run until `condition` holds; fails after `limitMs` of real time. */
export function waitFor(condition: () => boolean | Promise<boolean>, limitMs = 10_000): Promise<void> {
  return stepUntil(condition, () => settle(5), limitMs);
}
