// Sync: reports per second when the app drains N queued reports, sealed for
// the agency as filing seals them, to the reference receiver (started here, on
// 127.0.0.1), in the browser, throttled.
// The endpoint is stored while nothing is due to be sent; the outbox screen is
// open; the time runs from the click on "Sync now" until the receiver has
// answered 201 for all N. Twice per run: to the receiver as it is (it takes
// batches), and to one started without batches (as older or other receivers),
// so one report per request.
// Floor: a plain loop of single-report POSTs (requestBody envelopes, stringified
// per request) with the same concurrency, from the same page, to the same receiver;
// beside it, for the engine's own cost, a plain loop of the batches the app sends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startReceiver, type RunningReceiver } from '../../../server/receiver';
import { batchResultsIn } from '../../../server/requestLog';
import { openPage, type BenchPage, type WithProbes } from '../benchBrowser';
import type { BenchContext } from '../context';
import { envelopes, sealedOutboxItems, toWire } from '../outboxFixtures';
import { median, type Row } from '../table';
import { createProfile, OUTBOX, SYNC_NOW, tabletProfile } from './appFlows';
import { MAX_REPORTS_PER_REQUEST } from '../../../src/sync/sendBatch';
import { TEST_AGENCY_KEYS } from '../../../src/contract/testing/agencyTestKey';
import { TEST_RECEIVER_SIGNING } from '../../../server/testing/testSigning';

const CONCURRENCY = 4;
const PUT_CHUNK = 250;
const DRAIN_TIMEOUT_MS = 10 * 60_000;

/** The receiver, counting the reports it answered 201, so that a drain's end is known without polling it. */
class CountingReceiver {
  private accepted = 0;
  /** When each 201 was answered (Node's performance.now()). */
  private acceptedAt: number[] = [];
  private waiter: { count: number; resolve: (at: number) => void } | undefined;
  private constructor(readonly running: RunningReceiver) {}

  static async start(dbPath: string, batches: boolean): Promise<CountingReceiver> {
    let self: CountingReceiver | undefined;
    const running = await startReceiver({
      database: dbPath,
      host: '127.0.0.1',
      port: 0,
      testHooks: true,
      agencyKeyIds: TEST_AGENCY_KEYS.map((key) => key.kid),
      ...TEST_RECEIVER_SIGNING,
      ...(!batches && { batches: false as const }),
      log: (line) => self?.onAccepted(acceptedIn(line)),
    });
    self = new CountingReceiver(running);
    return self;
  }

  private onAccepted(reports: number): void {
    if (reports === 0) return;
    this.accepted += reports;
    const at = performance.now();
    for (let i = 0; i < reports; i++) this.acceptedAt.push(at);
    if (this.waiter && this.accepted >= this.waiter.count) this.waiter.resolve(performance.now());
  }

  /** Resolves with the time (Node's performance.now()) the count-th report was accepted. */
  acceptedAll(count: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The receiver has ${this.accepted} of ${count} reports after ${DRAIN_TIMEOUT_MS / 1000} s`)), DRAIN_TIMEOUT_MS);
      this.waiter = {
        count,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      if (this.accepted >= count) this.waiter.resolve(performance.now());
    });
  }

  /** What the receiver stores, by its own count. */
  async stored(): Promise<number> {
    return ((await (await fetch(`${this.running.url}/__test__/count`)).json()) as { reports: number }).reports;
  }

  /**
   * Reports per second between the 10th and the 90th percentile of the answers:
   * the drain's steady pace, without its start (settings, lock, first claims).
   */
  steadyRate(): number {
    const at = (fraction: number) => this.acceptedAt[Math.floor(fraction * (this.acceptedAt.length - 1))] ?? Number.NaN;
    return (0.8 * (this.acceptedAt.length - 1) * 1000) / (at(0.9) - at(0.1));
  }

  async reset(): Promise<void> {
    await fetch(`${this.running.url}/__test__/reset`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
    this.accepted = 0;
    this.acceptedAt = [];
    this.waiter = undefined;
  }
}

/** How many reports a log line says were stored now (201): a single POST's, or a batch's "results=201x18,...". */
function acceptedIn(line: string): number {
  if (/ POST \/api\/reports 201 /.test(line)) return 1;
  return / POST \/api\/reports\/batch 200 /.test(line) ? (batchResultsIn(line).get(201) ?? 0) : 0;
}

interface Drain {
  /** Reports per second, from the start to the last answer. */
  rate: number;
  steady: number;
}

async function engineDrain(bench: BenchPage, receiver: CountingReceiver, count: number): Promise<Drain> {
  const { page } = bench;
  await receiver.reset();
  // The endpoint as the Settings screen stores it (no token), written without waking the engine.
  const settings = [{ key: 'syncSettings', value: { endpoint: receiver.running.endpoint } }];
  await page.evaluate((records) => (globalThis as unknown as WithProbes).__bench.idbPutAll('shouhu', 'settings', records), settings);
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: OUTBOX }).click();
  await page.locator('ul.outbox-list > li').first().waitFor();
  const done = receiver.acceptedAll(count);
  await bench.throttle(true);
  if (await receiver.stored()) throw new Error('Sending started before the measure did');
  const started = performance.now();
  await page.getByRole('button', { name: SYNC_NOW }).click();
  const ms = (await done) - started;
  await bench.throttle(false);
  // The pass is over once the button is back: its last outcomes are written, and
  // cannot land on the reports the next drain queues again.
  await page.locator('button:enabled', { hasText: SYNC_NOW }).waitFor();
  const stored = await receiver.stored();
  if (stored !== count) throw new Error(`The engine left the receiver with ${stored} of ${count} reports`);
  return { rate: (count * 1000) / ms, steady: receiver.steadyRate() };
}

async function loopDrain(bench: BenchPage, receiver: CountingReceiver, count: number, perRequest: number): Promise<Drain> {
  const { page } = bench;
  await receiver.reset();
  const wire = toWire(await envelopes(count)) as unknown[];
  await page.evaluate((list) => ((globalThis as unknown as { __envelopes: unknown[] }).__envelopes = list), wire);
  const done = receiver.acceptedAll(count);
  await bench.throttle(true);
  const started = performance.now();
  const failed = await page.evaluate(
    ([endpoint, workers, reports]) => {
      const scope = globalThis as unknown as WithProbes & { __envelopes: unknown[] };
      return scope.__bench.postLoop(endpoint, scope.__envelopes, workers, reports);
    },
    [receiver.running.endpoint, CONCURRENCY, perRequest] as const,
  );
  const ms = (await done) - started;
  await bench.throttle(false);
  if (failed > 0) throw new Error(`${failed} of the plain loop's reports were not answered 201`);
  const stored = await receiver.stored();
  if (stored !== count) throw new Error(`The plain loop left the receiver with ${stored} of ${count} reports`);
  return { rate: (count * 1000) / ms, steady: receiver.steadyRate() };
}

/** A fresh outbox: the same sealed reports, queued again (what a drain acknowledged is overwritten). */
async function fillOutbox(bench: BenchPage, items: unknown[]): Promise<void> {
  for (let start = 0; start < items.length; start += PUT_CHUNK) {
    const chunk = toWire(items.slice(start, start + PUT_CHUNK)) as unknown[];
    await bench.page.evaluate((records) => (globalThis as unknown as WithProbes).__bench.idbPutAll('shouhu', 'outbox', records), chunk);
  }
}

export async function measureSync(context: BenchContext): Promise<Row[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-bench-sync-'));
  const receiver = await CountingReceiver.start(path.join(folder, 'reports.sqlite'), true);
  const olderReceiver = await CountingReceiver.start(path.join(folder, 'older.sqlite'), false);
  const batched: number[] = [];
  const single: number[] = [];
  const loop: number[] = [];
  const batchLoop: number[] = [];
  try {
    for (let run = 0; run < context.runs; run++) {
      // A fresh tablet for every run: a profile, and the outbox filled with sealed reports.
      const bench = await openPage(context.browser, { throttled: false });
      try {
        await bench.page.goto(context.app.url);
        await createProfile(bench.page);
        const keys = await tabletProfile(bench.page);
        const items = await sealedOutboxItems({ count: context.syncReports, ...keys });
        await fillOutbox(bench, items);
        // The engine's first passes found no endpoint; it looks again a minute later at the earliest.
        const app = await engineDrain(bench, receiver, context.syncReports);
        await fillOutbox(bench, items);
        const alone = await engineDrain(bench, olderReceiver, context.syncReports);
        const plain = await loopDrain(bench, receiver, context.syncReports, 1);
        const plainBatches = await loopDrain(bench, receiver, context.syncReports, MAX_REPORTS_PER_REQUEST);
        batched.push(app.rate);
        single.push(alone.rate);
        loop.push(plain.rate);
        batchLoop.push(plainBatches.rate);
        context.log(
          `  sync run ${run + 1}: app ${app.rate.toFixed(0)} r/s (steady ${app.steady.toFixed(0)}), ` +
            `app one per request ${alone.rate.toFixed(0)} r/s (steady ${alone.steady.toFixed(0)}), ` +
            `plain loop ${plain.rate.toFixed(0)} r/s (steady ${plain.steady.toFixed(0)}), ` +
            `plain loop of batches ${plainBatches.rate.toFixed(0)} r/s`,
        );
      } finally {
        await bench.close();
      }
    }
  } finally {
    await receiver.running.close();
    await olderReceiver.running.close();
    rmSync(folder, { recursive: true, force: true });
  }
  const floor = median(loop);
  const app = median(batched);
  return [
    {
      key: 'sync.throughput',
      label: `Sync: ${context.syncReports} sealed reports, concurrency ${CONCURRENCY}`,
      unit: 'r/s',
      app,
      floor,
      higherIsBetter: true,
      floorIs: 'plain loop of single-report POSTs, same page and receiver',
      goal: { text: '≥ 0.8× floor', met: app >= 0.8 * floor },
    },
    {
      key: 'sync.batch-floor',
      label: `Sync: the same, against batches of ${MAX_REPORTS_PER_REQUEST} in a plain loop`,
      unit: 'r/s',
      app,
      floor: median(batchLoop),
      higherIsBetter: true,
      floorIs: 'plain loop of the batches the app sends',
    },
    {
      key: 'sync.one-per-request',
      label: 'Sync: the same, to a receiver without batches',
      unit: 'r/s',
      app: median(single),
      floor,
      higherIsBetter: true,
      floorIs: 'the same plain loop',
    },
  ];
}
