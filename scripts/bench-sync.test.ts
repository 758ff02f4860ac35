// A smoke test of the sync benchmark: it runs end to end on a few reports and
// reports figures. No speed is asserted here; only that every report arrived.
import { describe, expect, it } from 'vitest';
import { runSyncBenchmark } from './bench-sync';

describe('the sync benchmark', () => {
  it('drains a small outbox through the engine and the plain loop, and reports positive rates', async () => {
    const result = await runSyncBenchmark({ reports: 20, concurrency: 4, runs: 1 });

    expect(result.runs).toHaveLength(1);
    const [run] = result.runs;
    expect(run?.engine.receiverRows).toBe(20);
    expect(run?.loop.receiverRows).toBe(20);
    for (const figure of [result.engineMedian, result.loopMedian, result.ratio, run?.engine.fillMs]) {
      expect(figure).toBeGreaterThan(0);
      expect(Number.isFinite(figure)).toBe(true);
    }
  });
});
