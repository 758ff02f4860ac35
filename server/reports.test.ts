// The report contract over real HTTP: acknowledgement, replay, conflict and every rejection.
import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { referenceFromId } from '../src/contract/referenceCode';
import {
  envelopeFor,
  getReport,
  postReport,
  startTestReceiver,
  storedReport,
  type Acknowledgement,
  type ProblemBody,
} from './testSupport';
import { ENGINES } from './testing/databases';

const RECEIPT_ID = /^R-\d{8}-[0-9A-HJKMNP-TV-Z]{10}$/;

async function count(url: string): Promise<number> {
  const response = await fetch(`${url}/__test__/count`);
  return ((await response.json()) as { reports: number }).reports;
}

describe.each(ENGINES)('the report routes on %s', (engine) => {
  describe('POST /api/reports', () => {
    it('stores a new report and answers 201 with a receipt', async () => {
      const receiver = await startTestReceiver({ engine });
      const envelope = await envelopeFor(storedReport());

      const response = await postReport(receiver, envelope);

      expect(response.status).toBe(201);
      const ack = (await response.json()) as Acknowledgement;
      expect(ack.id).toBe(envelope.id);
      expect(ack.contentHash).toBe(envelope.contentHash);
      expect(ack.receiptId).toMatch(RECEIPT_ID);
      expect(new Date(ack.receivedAt).toISOString()).toBe(ack.receivedAt);
      const stored = await getReport(receiver, envelope.id);
      expect(stored.status).toBe(200);
      expect(await stored.json()).toEqual({ ...envelope, receiptId: ack.receiptId, receivedAt: ack.receivedAt });
    });

    it('answers a replay with 200 and the original receipt', async () => {
      let clock = Date.parse('2026-03-01T08:00:00Z');
      const receiver = await startTestReceiver({ engine, now: () => clock });
      const envelope = await envelopeFor(storedReport());
      const first = (await (await postReport(receiver, envelope)).json()) as Acknowledgement;

      clock += 3600_000;
      // A retry after a lost acknowledgement: same report, sent later.
      const replay = await postReport(receiver, { ...envelope, submittedAt: '2026-01-02T03:00:00.000Z' });

      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual(first);
      expect(first.receivedAt).toBe('2026-03-01T08:00:00.000Z');
    });

    it('acknowledges a replay even when the report would no longer pass the schema', async () => {
      // Stored while the receiver's clock was right; replayed after it was set back two days.
      const now = Date.parse('2026-03-01T08:00:00Z');
      const first = await startTestReceiver({ engine, now: () => now });
      const envelope = await envelopeFor(
        storedReport((input) => {
          input.incident.discoveredAt = '2026-03-01T15:00';
        }),
      );
      const ack = (await (await postReport(first, envelope)).json()) as Acknowledgement;
      await first.close();
      const second = await startTestReceiver({ engine, database: first.database, now: () => now - 2 * 24 * 3600_000 });

      const replay = await postReport(second, envelope);

      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual(ack);
    });

    it('keeps the stored version when the same id comes with different content (409)', async () => {
      const receiver = await startTestReceiver({ engine });
      const original = await envelopeFor(storedReport());
      const first = (await (await postReport(receiver, original)).json()) as Acknowledgement;
      const changed = await envelopeFor(
        storedReport((input) => {
          input.incident.narrative = 'A different narrative.';
        }),
        original.id,
      );

      const response = await postReport(receiver, changed);

      expect(response.status).toBe(409);
      expect(((await response.json()) as ProblemBody).error).toBe('conflict');
      const stored = await (await getReport(receiver, original.id)).json();
      expect(stored).toEqual({ ...original, receiptId: first.receiptId, receivedAt: first.receivedAt });
      // And the original is still acknowledged as before.
      expect(await (await postReport(receiver, original)).json()).toEqual(first);
    });

    it('rejects a report that fails the schema with 422, the field paths and message keys, and stores nothing', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const report = {
        ...storedReport(),
        reporter: { ...storedReport().reporter, phone: 'call me' },
        child: { ...storedReport().child, name: '' },
      };
      const envelope = await envelopeFor(report);

      const response = await postReport(receiver, envelope);

      expect(response.status).toBe(422);
      const body = (await response.json()) as ProblemBody;
      expect(body.error).toBe('invalid_report');
      expect(body.fields).toEqual(
        expect.arrayContaining([
          { path: 'reporter.phone', message: 'error.phone' },
          { path: 'child.name', message: 'error.nameOrDescription' },
        ]),
      );
      expect(await count(receiver.url)).toBe(0);
      expect((await getReport(receiver, envelope.id)).status).toBe(404);
    });

    it('tolerates a tablet clock up to a day fast, not more', async () => {
      const now = Date.parse('2026-03-01T08:00:00Z'); // 16:00 at UTC+8
      const receiver = await startTestReceiver({ engine, now: () => now });
      const at = (discoveredAt: string) =>
        envelopeFor(
          storedReport((input) => {
            input.incident.discoveredAt = discoveredAt;
          }),
        );

      expect((await postReport(receiver, await at('2026-03-02T10:00'))).status).toBe(201);
      const tooFar = await postReport(receiver, await at('2026-03-03T10:00'));
      expect(tooFar.status).toBe(422);
      expect(((await tooFar.json()) as ProblemBody).fields).toContainEqual({
        path: 'incident.discoveredAt',
        message: 'error.future',
      });
    });

    it('answers 400 to a body that is not JSON', async () => {
      const receiver = await startTestReceiver({ engine });
      const response = await postReport(receiver, undefined, { rawBody: '{"id": ', idempotencyKey: randomUUID() });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ProblemBody).error).toBe('malformed_json');
    });

    it.each([
      ['a missing report', { report: undefined }, 'report'],
      ['an id that is not a UUID', { id: 'report-1' }, 'id'],
      ['a malformed content hash', { contentHash: 'md5:abc' }, 'contentHash'],
      ['a submittedAt that is not a date-time', { submittedAt: 'yesterday' }, 'submittedAt'],
    ])('answers 400 to an envelope with %s', async (_name, change, path) => {
      const receiver = await startTestReceiver({ engine });
      const envelope = { ...(await envelopeFor(storedReport())), ...change };
      const response = await postReport(receiver, undefined, {
        rawBody: JSON.stringify(envelope),
        idempotencyKey: envelope.id,
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as ProblemBody;
      expect(body.error).toBe('invalid_envelope');
      expect(body.fields?.map((field) => field.path)).toContain(path);
    });

    it('answers 400 when the Idempotency-Key is missing or is not the id', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const envelope = await envelopeFor(storedReport());
      for (const idempotencyKey of [null, randomUUID()]) {
        const response = await postReport(receiver, envelope, { idempotencyKey });
        expect(response.status).toBe(400);
        expect(((await response.json()) as ProblemBody).error).toBe('idempotency_key_mismatch');
      }
      expect(await count(receiver.url)).toBe(0);
    });

    it('answers 400 when the reference does not belong to the id', async () => {
      const receiver = await startTestReceiver({ engine });
      const envelope = await envelopeFor(storedReport());
      const response = await postReport(receiver, { ...envelope, reference: referenceFromId(randomUUID()) });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ProblemBody).error).toBe('reference_mismatch');
    });

    it('answers 400 to another schema version', async () => {
      const receiver = await startTestReceiver({ engine });
      const envelope = await envelopeFor(storedReport());
      const response = await postReport(receiver, { ...envelope, schemaVersion: 2 });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ProblemBody).error).toBe('unsupported_schema_version');
    });

    it('answers 400 when the content hash is not the hash of the report, and stores nothing', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const envelope = await envelopeFor(storedReport());
      const tampered = { ...envelope, report: { ...envelope.report, utcOffsetMinutes: 0 } };

      const response = await postReport(receiver, tampered);

      expect(response.status).toBe(400);
      expect(((await response.json()) as ProblemBody).error).toBe('content_hash_mismatch');
      expect(await count(receiver.url)).toBe(0);
    });

    it('answers 413 to a body over the limit, declared or streamed, and stores nothing', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true, maxBodyBytes: 64 * 1024 });
      const envelope = await envelopeFor(
        storedReport((input) => {
          input.incident.narrative = 'x'.repeat(9000);
          input.incident.childWords = 'y'.repeat(5000);
          input.incident.injuries = 'z'.repeat(2000);
        }),
      );
      const oversized = JSON.stringify({ ...envelope, padding: 'p'.repeat(70 * 1024) });

      const declared = await postReport(receiver, envelope, { rawBody: oversized });
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as ProblemBody).error).toBe('payload_too_large');

      // Chunked, with no Content-Length: the receiver counts as it reads.
      const streamed = await new Promise<number>((resolve, reject) => {
        const req = request(receiver.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': envelope.id },
        });
        req.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        req.on('error', reject);
        for (let offset = 0; offset < oversized.length; offset += 8192) req.write(oversized.slice(offset, offset + 8192));
        req.end();
      });
      expect(streamed).toBe(413);

      expect(await count(receiver.url)).toBe(0);
      // Under the limit, the same report is accepted.
      expect((await postReport(receiver, envelope)).status).toBe(201);
    });

    it('answers 413 on a declared Content-Length over the limit without waiting for the body', async () => {
      const receiver = await startTestReceiver({ engine });
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(receiver.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': String(50 * 1024 * 1024) },
        });
        req.on('response', (response) => {
          resolve(response.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', reject);
        req.write('{"id":'); // and never the rest
      });
      expect(status).toBe(413);
    });

    it('rejects a body over the default limit of 1 MiB', async () => {
      const receiver = await startTestReceiver({ engine });
      const envelope = await envelopeFor(storedReport());
      const response = await postReport(receiver, envelope, {
        rawBody: JSON.stringify({ ...envelope, padding: 'p'.repeat(1024 * 1024) }),
      });
      expect(response.status).toBe(413);
    });
  });

  describe('GET /api/reports/:id', () => {
    it('answers 404 for an unknown id and for something that is not an id', async () => {
      const receiver = await startTestReceiver({ engine });
      expect((await getReport(receiver, randomUUID())).status).toBe(404);
      expect((await getReport(receiver, 'not-an-id')).status).toBe(404);
    });
  });

  describe('GET /api/health', () => {
    it('answers { ok: true }', async () => {
      const receiver = await startTestReceiver({ engine, token: 'secret' });
      const response = await fetch(`${receiver.url}/api/health`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ ok: true });
    });
  });

  describe('other routes', () => {
    it('answers 404 to an unknown path and 405 to a wrong method', async () => {
      const receiver = await startTestReceiver({ engine });
      expect((await fetch(`${receiver.url}/reports`, { method: 'POST', body: '{}' })).status).toBe(404);
      const wrongMethod = await fetch(receiver.endpoint, { method: 'DELETE' });
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.headers.get('allow')).toBe('GET, POST, OPTIONS');
    });

    it('keeps the test hooks off unless asked', async () => {
      const receiver = await startTestReceiver({ engine });
      expect((await fetch(`${receiver.url}/__test__/count`)).status).toBe(404);
      expect((await fetch(`${receiver.url}/__test__/reset`, { method: 'POST' })).status).toBe(404);
      expect((await fetch(`${receiver.url}/__test__/faults`, { method: 'POST', body: '{"failNext":1}' })).status).toBe(404);
    });
  });
});
