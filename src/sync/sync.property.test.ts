// Property: whatever the network does and however often the page dies, every
// report ends up acknowledged, and the receiver holds each exactly once, never
// having seen a different report under its id.
//
// The reference receiver's own intake (testing/testReceiver.ts) takes the
// reports, over its store in memory. In front of it, a
// random script decides each request's fate: 5xx, 429 or 503 with Retry-After
// (seconds or date), a network error, a hang past the time limit, or the report
// stored and then the answer lost (an error or a hang), or a batch refused as a
// receiver without the batch route would. Half the receivers take batches
// (of 2 to 4 reports), so that a fate falls on several reports at once. Pages (one or two tabs,
// lease lock) are killed at random moments, sometimes leaving reports in
// "sending", and reopened on the same database. Then the fake clock runs until
// the outbox is quiet.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SyncConfig } from './transport';
import { createFakeClock, settle } from './testing/fakeClock';
import { addQueued, freshDatabase } from '../storage/testing/fixtures';
import { hangUntilAborted, jsonResponse, NetworkError, scriptedFetch } from './testing/scriptedFetch';
import { createTestReceiver } from './testing/testReceiver';
import { openPage, type SimulatedPage } from './testing/simulatedPage';
import { seededRandom } from '../contract/testing/seededRandom';

const CONFIG: SyncConfig = { endpoint: 'https://receiver.test/api/reports', token: 'token-1' };
const MAX_STEPS = 3_000;

type Fate =
  | { kind: 'deliver' }
  | { kind: 'status'; status: 408 | 425 | 500 | 502 | 503 }
  | { kind: 'retryAfter'; status: 429 | 503; seconds: number; asDate: boolean }
  | { kind: 'networkError' }
  | { kind: 'hang' }
  | { kind: 'storedThenNetworkError' }
  | { kind: 'storedThenHang' }
  | { kind: 'batchRefused' };

const fateArbitrary: fc.Arbitrary<Fate> = fc.oneof(
  fc.constant<Fate>({ kind: 'deliver' }),
  fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(408 as const, 425 as const, 500 as const, 502 as const, 503 as const) }),
  fc.record({
    kind: fc.constant('retryAfter' as const),
    status: fc.constantFrom(429 as const, 503 as const),
    seconds: fc.integer({ min: 0, max: 120 }),
    asDate: fc.boolean(),
  }),
  fc.constant<Fate>({ kind: 'networkError' }),
  fc.constant<Fate>({ kind: 'hang' }),
  fc.constant<Fate>({ kind: 'storedThenNetworkError' }),
  fc.constant<Fate>({ kind: 'storedThenHang' }),
  fc.constant<Fate>({ kind: 'batchRefused' }),
);

const scenarioArbitrary = fc.record({
  reports: fc.integer({ min: 1, max: 6 }),
  tabs: fc.integer({ min: 1, max: 2 }),
  concurrency: fc.integer({ min: 1, max: 4 }),
  /** Reports per batch the receiver takes; 0: it takes none. */
  batchOf: fc.constantFrom(0, 2, 3, 4),
  script: fc.array(fateArbitrary, { maxLength: 30 }),
  restarts: fc.array(
    fc.record({ atStep: fc.integer({ min: 0, max: 60 }), tab: fc.nat({ max: 1 }), leaveSending: fc.nat({ max: 3 }) }),
    { maxLength: 3 },
  ),
  seed: fc.integer(),
});

describe('sync under a hostile network and crashing pages', () => {
  it('delivers every report exactly once', async () => {
    let batchesSent = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const { db, name } = freshDatabase('property');
        const clock = createFakeClock();
        const receiver = createTestReceiver({ token: CONFIG.token, now: clock.now });
        const fates = [...scenario.script];
        const inFlight = new Set<string>();
        let overlapping = 0;

        const batches = scenario.batchOf > 0 ? { maxReports: scenario.batchOf, maxBytes: 1024 * 1024 } : undefined;
        const server = scriptedFetch(async (request) => {
          // No two live senders ever have the same report in flight.
          for (const { id } of request.reports) {
            if (inFlight.has(id)) overlapping += 1;
            inFlight.add(id);
          }
          const fate = fates.shift() ?? { kind: 'deliver' };
          switch (fate.kind) {
            case 'batchRefused':
              return request.batch ? jsonResponse(404, { error: 'not_found' }) : receiver.handle(request);
            case 'deliver':
              return receiver.handle(request);
            case 'status':
              return jsonResponse(fate.status, { error: 'unavailable' });
            case 'retryAfter': {
              const value = fate.asDate ? new Date(clock.now() + fate.seconds * 1000).toUTCString() : String(fate.seconds);
              return jsonResponse(fate.status, { error: 'busy' }, { 'Retry-After': value });
            }
            case 'networkError':
              throw new NetworkError();
            case 'hang':
              return hangUntilAborted(request);
            case 'storedThenNetworkError':
              await receiver.store(request);
              throw new NetworkError();
            case 'storedThenHang':
              await receiver.store(request);
              return hangUntilAborted(request);
          }
        }, { batches });

        // (Reports of database version 1, without a hash, are hashed and sealed for the agency at an unlock before they are sent: src/vault/legacyOutbox.ts.)
        const items = await addQueued(db, scenario.reports);
        let generation = 0;
        const open = (tab: number): SimulatedPage => {
          const page = openPage({
            databaseName: name,
            clock,
            fetch: server.fetch,
            getConfig: async () => CONFIG,
            random: seededRandom(scenario.seed + generation),
            owner: `tab-${tab}-${++generation}`,
            concurrency: scenario.concurrency,
            onRequestEnd: (id) => inFlight.delete(id),
          });
          page.engine.start();
          return page;
        };
        const pages = Array.from({ length: scenario.tabs }, (_, tab) => open(tab));
        const lastRestart = Math.max(-1, ...scenario.restarts.map((restart) => restart.atStep));

        let quiet = false;
        for (let step = 0; step < MAX_STEPS && !quiet; step++) {
          await settle(10);
          for (const restart of scenario.restarts.filter((r) => r.atStep === step)) {
            const tab = restart.tab % pages.length;
            pages[tab]?.kill();
            // The page may also have died between claiming reports and sending them.
            const unsent = await db.outbox.where('status').anyOf('queued', 'sending').limit(restart.leaveSending).primaryKeys();
            await db.outbox.where('id').anyOf(unsent).modify({ status: 'sending' });
            pages[tab] = open(tab);
          }
          if (step > lastRestart && (await db.outbox.where('status').notEqual('acknowledged').count()) === 0) {
            quiet = true;
          } else if (server.answering === 0) {
            clock.advanceToNextTimer(); // when no timer is set, real work is still under way
          }
        }
        for (const page of pages) page.kill();

        const stored = await db.outbox.toArray();
        expect(quiet).toBe(true);
        expect(stored).toHaveLength(items.length);
        for (const item of stored) {
          expect(item.status).toBe('acknowledged');
          const copy = (await receiver.stored()).get(item.id);
          expect(receiver.inserts.get(item.id)).toBe(1);
          // The receiver holds the very sealed bytes filed on the tablet.
          expect(copy?.sealedReport).toBe(item.sealedForAgency);
          expect(item.contentHash).toBe(copy?.contentHash);
          expect(item.receiptId).toBe(copy?.receiptId);
          expect(item.acknowledgement).toBe(copy?.acknowledgement);
        }
        expect((await receiver.stored()).size).toBe(items.length);
        expect(receiver.conflicts).toBe(0);
        expect(receiver.malformed).toBe(0);
        expect(overlapping).toBe(0);
        batchesSent += server.requests.filter((request) => request.batch).length;
      }),
      { numRuns: 40 },
    );
    // The batch path was walked, not only the single one.
    expect(batchesSent).toBeGreaterThan(0);
  }, 120_000);
});
