import { describe, expect, it } from 'vitest';
import { backoffDelayMs, DEFAULT_BACKOFF, retryAfterMs } from './backoff';

const { baseMs, capMs, maxRetryAfterMs } = DEFAULT_BACKOFF;
const NOW = Date.UTC(2026, 10, 22, 8, 0, 0);

describe('backoffDelayMs (full jitter)', () => {
  it('random() = 0 gives 0, whatever the attempt', () => {
    for (const attempts of [1, 2, 5, 50]) expect(backoffDelayMs(attempts, () => 0)).toBe(0);
  });

  it('random() → 1 gives the ceiling, base × 2^(attempts − 1), up to the cap', () => {
    const almostOne = () => 1 - Number.EPSILON;
    expect(backoffDelayMs(1, almostOne)).toBe(baseMs - 1);
    expect(backoffDelayMs(2, almostOne)).toBe(2 * baseMs - 1);
    expect(backoffDelayMs(4, almostOne)).toBe(8 * baseMs - 1);
    expect(backoffDelayMs(30, almostOne)).toBe(capMs - 1);
    expect(backoffDelayMs(5000, almostOne)).toBe(capMs - 1); // 2^4999 is Infinity; still capped
    expect(backoffDelayMs(30, () => 1)).toBe(capMs);
  });

  it('stays within [0, ceiling] even when random() misbehaves', () => {
    expect(backoffDelayMs(1, () => -3)).toBe(0);
    expect(backoffDelayMs(1, () => 7)).toBe(baseMs);
  });

  it('is uniform: the mean of many draws is half the ceiling', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const draws = Array.from({ length: 20_000 }, () => backoffDelayMs(3, random));
    const mean = draws.reduce((sum, draw) => sum + draw, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.45 * 4 * baseMs);
    expect(mean).toBeLessThan(0.55 * 4 * baseMs);
    expect(Math.max(...draws)).toBeLessThan(4 * baseMs);
  });
});

describe('retryAfterMs', () => {
  it('reads delta-seconds', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP date', () => {
    expect(retryAfterMs('Sun, 22 Nov 2026 08:01:30 GMT', NOW)).toBe(90_000);
    expect(retryAfterMs(new Date(NOW + 5_000).toUTCString(), NOW)).toBe(5_000);
  });

  it('a date in the past means now', () => {
    expect(retryAfterMs(new Date(NOW - 60_000).toUTCString(), NOW)).toBe(0);
  });

  it('caps what it is asked', () => {
    expect(retryAfterMs('999999999', NOW)).toBe(maxRetryAfterMs);
    expect(retryAfterMs(new Date(NOW + 86_400_000).toUTCString(), NOW)).toBe(maxRetryAfterMs);
  });

  it('ignores what it cannot read', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1.5']) expect(retryAfterMs(value, NOW)).toBeUndefined();
  });
});
