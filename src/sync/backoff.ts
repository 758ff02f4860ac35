// When to try again after a failed attempt: exponential backoff with full
// jitter (so that tablets that lost the network together do not come back in
// step), unless the receiver said when with Retry-After.

export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay is longer than this. */
  capMs: number;
  /**
   * A Retry-After longer than this (a broken or hostile header) is cut to it.
   * The protocol says to wait at least as long as asked; an hour is where a
   * report of harm to a child waiting any longer is the worse risk.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  baseMs: 2_000,
  capMs: 5 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

/**
 * Full jitter: a uniformly random delay between 0 and min(cap, base * 2^(attempts - 1)).
 * `attempts` counts the failed attempts so far, this one included (1 after the first failure).
 */
export function backoffDelayMs(attempts: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exponent = Math.max(0, attempts - 1);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  // A random() outside [0, 1) would break the bounds the receiver's load depends on.
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(fraction * ceiling);
}

/**
 * The delay a Retry-After header asks for, in ms, or undefined when there is
 * none or it cannot be read. Both forms: delta-seconds ("120") and an HTTP date.
 */
export function retryAfterMs(header: string | null | undefined, nowMs: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  let delay: number;
  if (/^\d+$/.test(value)) {
    delay = Number(value) * 1000;
  } else {
    // Every HTTP-date form starts with the day's name; Date.parse alone would take "-5" or "1.5" as dates.
    if (!/^[A-Za-z]{3}/.test(value)) return undefined;
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    delay = at - nowMs;
  }
  return Math.min(Math.max(delay, 0), policy.maxRetryAfterMs);
}
