// POST /api/reports/batch over real HTTP: each report answered as it would be on
// its own, in order; the batch as a whole refused only when it is not a batch.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReportEnvelope } from '../src/contract/envelope';
import type { RunningReceiver } from './receiver';
import { envelopeFor, postReport, startTestReceiver, storedReport, type Acknowledgement } from './testSupport';
import { ENGINES } from './testing/databases';

type Result = { status: number } & Record<string, unknown>;

function postBatch(receiver: RunningReceiver, reports: unknown[], options: { token?: string; rawBody?: string } = {}) {
  return fetch(`${receiver.endpoint}/batch`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
    body: options.rawBody ?? JSON.stringify({ reports }),
  });
}

async function resultsOf(response: Response): Promise<Result[]> {
  expect(response.status).toBe(200);
  return ((await response.json()) as { results: Result[] }).results;
}

async function rows(url: string): Promise<{ id: string; contentHash: string }[]> {
  return ((await (await fetch(`${url}/__test__/count`)).json()) as { rows: { id: string; contentHash: string }[] }).rows;
}

const newEnvelope = () => envelopeFor(storedReport());

describe.each(ENGINES)('batches on %s', (engine) => {
  describe('GET /api/reports', () => {
    it('tells clients the batch limits', async () => {
      const receiver = await startTestReceiver({ engine, batches: { maxReports: 7, maxBytes: 9000 } });
      expect(await (await fetch(receiver.endpoint)).json()).toEqual({ ok: true, schemaVersion: 1, batch: { maxReports: 7, maxBytes: 9000 } });
    });

    it('says nothing of batches when they are turned off, and takes none', async () => {
      const receiver = await startTestReceiver({ engine, batches: false, testHooks: true });
      expect(await (await fetch(receiver.endpoint)).json()).toEqual({ ok: true, schemaVersion: 1 });
      // "/api/reports/batch" is then a report's address, where nothing is POSTed.
      expect((await postBatch(receiver, [await newEnvelope()])).status).toBe(405);
      expect(await rows(receiver.url)).toEqual([]);
    });
  });

  describe('POST /api/reports/batch', () => {
    it('answers every report in order as it would be answered alone, and stores only the accepted ones', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const fresh = await newEnvelope();
      const replayed = await newEnvelope();
      const first = (await (await postReport(receiver, replayed)).json()) as Acknowledgement;
      const changed = await envelopeFor(
        storedReport((input) => {
          input.incident.narrative = 'Another version.';
        }),
        replayed.id,
      );
      // The receiver cannot read it: a report that fails the schema is stored, for the agency to find on opening.
      const failsTheSchema = await envelopeFor({ ...storedReport(), child: {} });
      const tampered = { ...(await newEnvelope()), contentHash: `sha256:${'0'.repeat(64)}` };
      const inClear = { ...(await newEnvelope()), report: storedReport() };
      const notAnEnvelope = 'hello';

      const results = await resultsOf(await postBatch(receiver, [fresh, replayed, changed, failsTheSchema, tampered, inClear, notAnEnvelope]));

      expect(results.map((result) => result.status)).toEqual([201, 200, 409, 201, 400, 400, 400]);
      expect(results[0]).toMatchObject({ id: fresh.id, contentHash: fresh.contentHash, receiptId: expect.stringMatching(/^R-/) });
      expect(results[1]).toEqual({ status: 200, ...first });
      expect(results.slice(4).map((result) => result.error)).toEqual(['sealed_header_mismatch', 'invalid_envelope', 'invalid_envelope']);
      expect(results[2]?.error).toBe('conflict');
      expect(results[5]?.fields).toEqual([expect.objectContaining({ path: 'report' })]);
      expect((await rows(receiver.url)).map((row) => row.id).sort()).toEqual([fresh.id, replayed.id, failsTheSchema.id].sort());
      expect(receiver.logs.find((line) => line.includes('/batch'))).toMatch(/ POST \/api\/reports\/batch 200 \d+ms results=201x2,200x1,409x1,400x3$/);
    });

    it('stores a report sent twice in one batch once, and answers both with its receipt', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const envelope = await newEnvelope();
      const [once, twice] = await resultsOf(await postBatch(receiver, [envelope, envelope]));
      expect(once?.status).toBe(201);
      expect(twice).toEqual({ ...once, status: 200 });
      expect(await rows(receiver.url)).toHaveLength(1);
    });

    it('answers 413 for a report over the single-report limit and takes the rest', async () => {
      const receiver = await startTestReceiver({ engine, maxBodyBytes: 8 * 1024 });
      const small = await newEnvelope();
      const large = await envelopeFor(
        storedReport((input) => {
          input.incident.narrative = 'x'.repeat(9000);
        }),
      );
      const results = await resultsOf(await postBatch(receiver, [large, small]));
      expect(results.map((result) => [result.status, result.error])).toEqual([
        [413, 'payload_too_large'],
        [201, undefined],
      ]);
    });

    it.each([
      ['a body that is not JSON', { rawBody: '{"reports": [' }, 'malformed_json'],
      ['a body without a reports array', { rawBody: '{"report": []}' }, 'invalid_batch'],
      ['an empty batch', { rawBody: '{"reports": []}' }, 'invalid_batch'],
    ])('answers 400 to %s', async (_name, options, error) => {
      const receiver = await startTestReceiver({ engine });
      const response = await postBatch(receiver, [], options);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBe(error);
    });

    it('answers 400 to more reports than the limit and 413 to more bytes, storing nothing', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true, batches: { maxReports: 2, maxBytes: 6000 } });
      const envelopes = await Promise.all([newEnvelope(), newEnvelope(), newEnvelope()]);
      const tooMany = await postBatch(receiver, envelopes);
      expect(tooMany.status).toBe(400);
      expect(((await tooMany.json()) as { error: string }).error).toBe('invalid_batch');
      const padded = envelopes.slice(0, 2).map((envelope) => ({ ...envelope, padding: 'p'.repeat(3000) }));
      expect((await postBatch(receiver, padded)).status).toBe(413);
      expect(await rows(receiver.url)).toEqual([]);
    });

    it('needs the token like a single report', async () => {
      const receiver = await startTestReceiver({ engine, token: 'secret', testHooks: true });
      const envelope = await newEnvelope();
      expect((await postBatch(receiver, [envelope])).status).toBe(401);
      expect((await postBatch(receiver, [envelope], { token: 'wrong' })).status).toBe(401);
      expect(await rows(receiver.url)).toEqual([]);
      expect((await resultsOf(await postBatch(receiver, [envelope], { token: 'secret' })))[0]?.status).toBe(201);
    });

    it('takes a planned failure and a dropped acknowledgement as one POST each', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const envelopes: ReportEnvelope[] = await Promise.all([newEnvelope(), newEnvelope()]);
      await fetch(`${receiver.url}/__test__/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ failNext: 1, status: 503, dropAfterStore: 1 }),
      });

      expect((await postBatch(receiver, envelopes)).status).toBe(503);
      expect(await rows(receiver.url)).toEqual([]);
      await expect(postBatch(receiver, envelopes)).rejects.toThrow();
      expect(await rows(receiver.url)).toHaveLength(2);

      const retried = await resultsOf(await postBatch(receiver, envelopes));
      expect(retried.map((result) => result.status)).toEqual([200, 200]);
      expect(await rows(receiver.url)).toHaveLength(2);
    });

    it('gives the reports of one batch one time of receipt and receipt ids of their own', async () => {
      const receiver = await startTestReceiver({ engine, now: () => Date.parse('2026-03-01T08:00:00Z') });
      const results = await resultsOf(await postBatch(receiver, [await newEnvelope(), await newEnvelope(), await newEnvelope()]));
      expect(new Set(results.map((result) => result.receivedAt))).toEqual(new Set(['2026-03-01T08:00:00.000Z']));
      expect(new Set(results.map((result) => result.receiptId)).size).toBe(3);
    });

    it('does not take an id in the path for a batch', async () => {
      const receiver = await startTestReceiver({ engine });
      expect((await fetch(`${receiver.endpoint}/batch`)).status).toBe(405);
      expect((await fetch(`${receiver.endpoint}/${randomUUID()}`, { method: 'POST', body: '{}' })).status).toBe(405);
    });
  });
});
