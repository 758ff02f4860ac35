// The sync engine with a receiver that takes batches (and ones that say so but
// do not): several reports per request, each with its own outcome, and one
// report at a time whenever a batch answer is not clear.
import { describe, expect, it } from 'vitest';
import type { ShouhuDatabase } from '../storage/db';
import { outgoing } from './outgoing';
import { BATCH_QUESTION_TIMEOUT_MS } from './pass';
import { batchUrl, MAX_REPORTS_PER_REQUEST, packBatches, receiverBatchLimits } from './sendBatch';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './syncEngine';
import { createFakeClock, driveUntilSettled } from './testing/fakeClock';
import { addQueued, makeItem, validReport } from '../storage/testing/fixtures';
import { jsonResponse, NetworkError, type RecordedRequest, type Responder, type ScriptedFetchOptions } from './testing/scriptedFetch';
import { receiverWorld, TEST_CONFIG } from './testing/receiverWorld';
import { signedAcknowledgement } from './testing/signedAnswers';
import type { ReportIdentity } from '../contract/protocol';
import type { TestReceiver } from './testing/testReceiver';

const CONFIG = TEST_CONFIG;
const ENDPOINT = CONFIG.endpoint;
const BATCHES = { maxReports: 10, maxBytes: 1024 * 1024 };

function setup(respond: (receiver: TestReceiver) => Responder, options: { batches?: ScriptedFetchOptions['batches']; concurrency?: number } = {}) {
  return receiverWorld('batch', respond, { batches: 'batches' in options ? options.batches : BATCHES, concurrency: options.concurrency ?? 2 });
}

const statuses = async (db: ShouhuDatabase) => (await db.outbox.orderBy('submittedAt').toArray()).map((item) => item.status);

describe('sending in batches', () => {
  it('sends a backlog in batches no larger than the receiver takes, each report acknowledged with its own receipt', async () => {
    const { db, receiver, server, engine } = setup((receiver) => (request) => receiver.handle(request));
    const items = await addQueued(db, 45);

    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ attempted: 45, acknowledged: 45 });
    expect(server.asked).toBe(1);
    const sizes = server.requests.map((request) => request.reports.length);
    expect(Math.max(...sizes)).toBe(BATCHES.maxReports);
    expect(server.requests.length).toBeLessThan(15);
    expect(server.requests.filter((request) => request.batch).every((request) => request.url === `${ENDPOINT}/batch`)).toBe(true);
    // Each report went once, and its receipt is the receiver's for it.
    expect([...server.countById().values()]).toEqual(items.map(() => 1));
    for (const item of items) {
      const stored = await db.outbox.get(item.id);
      expect(stored?.status).toBe('acknowledged');
      expect(stored?.receiptId).toBe((await receiver.stored()).get(item.id)?.receiptId);
    }
  });

  it('sends a report alone without asking, and one at a time to a receiver that says nothing of batches', async () => {
    const alone = setup((receiver) => (request) => receiver.handle(request));
    await addQueued(alone.db, 1);
    await alone.engine.syncNow();
    expect(alone.server.asked).toBe(0);
    expect(alone.server.requests.map((request) => request.batch)).toEqual([false]);

    const older = setup((receiver) => (request) => receiver.handle(request), { batches: undefined });
    await addQueued(older.db, 12);
    expect(await older.engine.syncNow()).toMatchObject({ acknowledged: 12 });
    expect(older.server.asked).toBe(1);
    expect(older.server.requests.filter((request) => request.batch)).toHaveLength(0);
    expect(older.server.requests).toHaveLength(12);
  });

  it('does not let a question without an answer hold the reports for a whole request time limit', async () => {
    // When the first report goes, on the fake clock: the end of the pass also
    // waits for the signatures to be checked, in real time, while the driver
    // may move the fake clock to the next timer.
    let firstReportAt: number | undefined;
    const world = setup(
      (receiver) => (request) => {
        firstReportAt ??= world.clock.now();
        return receiver.handle(request);
      },
      { batches: 'no answer' },
    );
    const { db, clock, server, engine } = world;
    await addQueued(db, 3);
    const started = clock.now();

    const summary = await driveUntilSettled(engine.syncNow(), clock, () => server.answering === 0);

    expect(summary).toMatchObject({ acknowledged: 3 });
    expect(server.requests.filter((request) => request.batch)).toHaveLength(0);
    expect((firstReportAt ?? Number.NaN) - started).toBe(BATCH_QUESTION_TIMEOUT_MS);
    expect(clock.now() - started).toBeLessThan(DEFAULT_REQUEST_TIMEOUT_MS);
    expect(BATCH_QUESTION_TIMEOUT_MS).toBeLessThan(DEFAULT_REQUEST_TIMEOUT_MS);
  });

  it('gives each report in a batch the outcome of its own result', async () => {
    const { db, server, engine } = setup(() => async (request) => {
      const [a, , , d] = request.reports;
      return jsonResponse(200, {
        results: [
          { status: 201, ...(await signedAcknowledgement(a as ReportIdentity, { receiptId: 'R-1', receivedAt: '2026-11-22T08:00:01.000Z' })) },
          { status: 409, error: 'conflict', message: 'Another version is stored.' },
          { status: 422, error: 'invalid_report', message: 'No.', fields: [{ path: 'child.name', message: 'error.nameOrDescription' }] },
          { status: 503, error: 'unavailable', message: 'Busy.', id: d?.id },
        ],
      });
    }, { concurrency: 1 });
    const items = await addQueued(db, 4);

    await engine.syncNow();

    expect(server.requests.map((request) => request.reports.length)).toEqual([4]);
    const [first, second, third, fourth] = await Promise.all(items.map((item) => db.outbox.get(item.id)));
    expect(first).toMatchObject({ status: 'acknowledged', receiptId: 'R-1', receivedAt: '2026-11-22T08:00:01.000Z' });
    expect(second).toMatchObject({ status: 'conflict', lastError: { kind: 'conflict', status: 409 } });
    expect(third).toMatchObject({ status: 'rejected', lastError: { status: 422, fields: [{ path: 'child.name', message: 'error.nameOrDescription' }] } });
    expect(fourth).toMatchObject({ status: 'queued', attempts: 1, lastError: { kind: 'server', status: 503 } });
  });

  it('shares a small backlog among the requests in flight', async () => {
    const { db, server, engine } = setup((receiver) => (request) => receiver.handle(request), { concurrency: 4 });
    await addQueued(db, 7);
    await engine.syncNow();
    // Four requests at once (they reach the receiver in whichever order they are ready).
    expect(server.requests.map((request) => request.reports.length).sort()).toEqual([1, 2, 2, 2]);
  });

  it('falls back to one report at a time when the batch route is missing, and stays with it for the pass', async () => {
    const { db, server, engine } = setup((receiver) => (request) => (request.batch ? jsonResponse(404, { error: 'not_found' }) : receiver.handle(request)), {
      concurrency: 1,
    });
    await addQueued(db, 25);

    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ attempted: 25, acknowledged: 25, paused: false });
    expect(server.requests.filter((request) => request.batch)).toHaveLength(1);
    expect(new Set(await statuses(db))).toEqual(new Set(['acknowledged']));
  });

  it.each([
    ['a result missing', (request: RecordedRequest) => request.reports.slice(1).map((report) => ({ status: 201, id: report.id }))],
    ['results in the wrong order', (request: RecordedRequest) => [...request.reports].reverse().map((report) => ({ status: 201, id: report.id }))],
    ['an acknowledgement without the id', (request: RecordedRequest) => request.reports.map(() => ({ status: 201 }))],
    ['a status that is not a number', (request: RecordedRequest) => request.reports.map((report) => ({ status: '201', id: report.id }))],
  ])('takes no report as received from a batch answer with %s, and sends them alone', async (_name, results) => {
    const { db, receiver, server, engine } = setup((receiver) => (request) => {
      if (!request.batch) return receiver.handle(request);
      return jsonResponse(200, { results: results(request) });
    }, { concurrency: 1 });
    const items = await addQueued(db, 6);

    await engine.syncNow();

    // Each report was acknowledged by its own single request, never by the batch.
    for (const item of items) {
      expect(receiver.inserts.get(item.id)).toBe(1);
      expect((await db.outbox.get(item.id))?.receiptId).toBe((await receiver.stored()).get(item.id)?.receiptId);
    }
    expect(server.requests.filter((request) => !request.batch)).toHaveLength(6);
  });

  it('pauses on a batch answered 401 and keeps every report in it', async () => {
    const { db, server, engine } = setup(() => (request) => (request.batch ? jsonResponse(401, { error: 'unauthorized' }) : jsonResponse(201, { id: request.body.id })), {
      concurrency: 1,
    });
    await addQueued(db, 8);

    const summary = await engine.syncNow();

    expect(summary.paused).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(await statuses(db)).toEqual(Array.from({ length: 8 }, () => 'paused'));
  });

  it('takes no report as received from batch results that name it without its hash and receipt, and pauses', async () => {
    const { db, receiver, server, engine } = setup((receiver) => (request) => {
      if (!request.batch) return receiver.handle(request);
      return jsonResponse(200, { results: request.reports.map((report) => ({ status: 201, id: report.id })) });
    }, { concurrency: 1 });
    const items = await addQueued(db, 5);

    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ acknowledged: 0, paused: true });
    expect(engine.getState().pauseReason).toBe('unconfirmed');
    expect(server.requests).toHaveLength(1);
    expect((await receiver.stored()).size).toBe(0);
    for (const item of items) {
      expect(await db.outbox.get(item.id)).toMatchObject({ status: 'paused', sealedForAgency: item.sealedForAgency, lastError: { kind: 'unconfirmed', status: 201 } });
    }
  });

  it('takes nothing as received from an endpoint that answers every POST 200 {"ok":true}, batch or single', async () => {
    const { db, server, engine } = setup(() => () => jsonResponse(200, { ok: true }), { concurrency: 1 });
    const items = await addQueued(db, 6);

    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ acknowledged: 0, paused: true });
    expect(engine.getState().pauseReason).toBe('unconfirmed');
    // The batch answer is not a batch answer: the first report went alone, and its answer paused sending.
    expect(server.requests.map((request) => request.batch)).toEqual([true, false]);
    expect(await db.outbox.where('status').equals('acknowledged').count()).toBe(0);
    for (const item of items) expect((await db.outbox.get(item.id))?.sealedForAgency).toEqual(item.sealedForAgency);
  });

  it('retries every report of a batch that met a network error, later', async () => {
    let failing = true;
    const { db, clock, receiver, engine } = setup((receiver) => (request) => {
      if (request.batch && failing) {
        failing = false;
        throw new NetworkError();
      }
      return receiver.handle(request);
    }, { concurrency: 1 });
    const items = await addQueued(db, 6);

    await engine.syncNow();
    expect(await statuses(db)).toEqual(Array.from({ length: 6 }, () => 'queued'));
    clock.advanceBy(60_000);
    await engine.syncNow();

    expect(new Set(await statuses(db))).toEqual(new Set(['acknowledged']));
    for (const item of items) expect(receiver.inserts.get(item.id)).toBe(1);
  });
});

describe('batch helpers', () => {
  it('puts the batch route beside the endpoint, keeping its query', () => {
    expect(batchUrl('https://r.test/api/reports')).toBe('https://r.test/api/reports/batch');
    expect(batchUrl('https://r.test/api/reports/')).toBe('https://r.test/api/reports/batch');
    expect(batchUrl('https://r.test/intake?unit=7')).toBe('https://r.test/intake/batch?unit=7');
  });

  it('packs reports in order within the count and the bytes, a report too large for any batch alone', async () => {
    const reports = await Promise.all(
      [1, 2, 3, 4, 5].map(async (n) => {
        const item = await makeItem({ report: validReport(`Narrative ${n}`) });
        return outgoing({ ...item, sealedForAgency: item.sealedForAgency ?? '' });
      }),
    );
    expect(packBatches(reports, { maxReports: 2, maxBytes: 1024 * 1024 }).map((batch) => batch.length)).toEqual([2, 2, 1]);

    const one = 3 * (reports[0]?.json.length ?? 0);
    const packed = packBatches(reports, { maxReports: 10, maxBytes: 2 * one + 40 });
    expect(packed.flat()).toEqual(reports);
    for (const batch of packed) expect(batch.length <= 2).toBe(true);
    expect(packBatches(reports, { maxReports: 10, maxBytes: 10 }).map((batch) => batch.length)).toEqual([1, 1, 1, 1, 1]);
  });

  it('reads the receiver limits, capped, and ignores what is not limits', async () => {
    const clock = createFakeClock();
    const limitsFrom = (body: unknown, status = 200) =>
      receiverBatchLimits({ fetch: async () => jsonResponse(status, body), config: CONFIG, clock, timeoutMs: 1000 });
    expect(await limitsFrom({ ok: true, batch: { maxReports: 7, maxBytes: 5000 } })).toEqual({ maxReports: 7, maxBytes: 5000 });
    expect(await limitsFrom({ ok: true, batch: { maxReports: 500, maxBytes: 5000 } })).toEqual({ maxReports: MAX_REPORTS_PER_REQUEST, maxBytes: 5000 });
    for (const body of [{ ok: true }, { batch: { maxReports: 1, maxBytes: 5000 } }, { batch: { maxReports: '9', maxBytes: 5000 } }, { batch: { maxReports: 9 } }, 'batch']) {
      expect(await limitsFrom(body)).toBeUndefined();
    }
    expect(await limitsFrom({ batch: { maxReports: 9, maxBytes: 5000 } }, 401)).toBeUndefined();
    const offline = await receiverBatchLimits({ fetch: () => Promise.reject(new NetworkError()), config: CONFIG, clock, timeoutMs: 1000 });
    expect(offline).toBeUndefined();
  });
});
