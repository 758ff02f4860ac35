// The report contract over real HTTP: acknowledgement, replay, conflict and every rejection.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { verifyAcknowledgement } from '../src/contract/agencySignature';
import { contentHash } from '../src/contract/contentHash';
import { TEST_AGENCY_NAME, TEST_SIGNING_KEYS } from '../src/contract/testing/agencySigningTestKey';
import { referenceFromId } from '../src/contract/referenceCode';
import { MAX_SEALED_REPORT_CHARS } from '../src/contract/sealedReport';
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
      // What the agency signed says the same, and names the agency.
      const { id, reference, contentHash: hash } = envelope;
      expect(await verifyAcknowledgement(ack.acknowledgement, TEST_SIGNING_KEYS)).toEqual({
        ok: true,
        statement: { id, reference, contentHash: hash, receiptId: ack.receiptId, receivedAt: ack.receivedAt, agency: TEST_AGENCY_NAME },
        kid: TEST_SIGNING_KEYS[0]?.kid,
      });
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
      // A retry after a lost acknowledgement: the same sealed report, sent later.
      const replay = await postReport(receiver, envelope);

      expect(replay.status).toBe(200);
      expect(await replay.json()).toEqual(first);
      expect(first.receivedAt).toBe('2026-03-01T08:00:00.000Z');
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

    it('stores a report it cannot read as it came, whatever its content: the agency checks that on opening', async () => {
      const receiver = await startTestReceiver({ engine });
      const narrative = '课间发现孩子手臂上有多处淤青，识别码 Q7-SEALED-4410。';
      const envelope = await envelopeFor({
        ...storedReport((input) => {
          input.incident.narrative = narrative;
        }),
        child: { name: '' }, // would fail the schema: the receiver cannot tell
      });

      const response = await postReport(receiver, envelope);

      expect(response.status).toBe(201);
      const stored = (await (await getReport(receiver, envelope.id)).json()) as Record<string, unknown>;
      expect(stored.sealedReport).toBe(envelope.sealedReport);
      expect(JSON.stringify(stored)).not.toContain('Q7-SEALED-4410');
      if (engine === 'sqlite') expect(readFileSync(receiver.database).toString('utf8')).not.toContain('Q7-SEALED-4410');
    });

    it('answers 400 to a body that is not JSON', async () => {
      const receiver = await startTestReceiver({ engine });
      const response = await postReport(receiver, undefined, { rawBody: '{"id": ', idempotencyKey: randomUUID() });
      expect(response.status).toBe(400);
      expect(((await response.json()) as ProblemBody).error).toBe('malformed_json');
    });

    it.each([
      ['a missing sealed report', { sealedReport: undefined }, 'sealedReport'],
      ['a report in clear, as an app from before sealing sends it', { report: { utcOffsetMinutes: -480 } }, 'report'],
      ['a sealed report longer than a report can be', { sealedReport: 'x'.repeat(MAX_SEALED_REPORT_CHARS + 1) }, 'sealedReport'],
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

    it('answers 400 when the envelope names another id, reference or hash than its sealed report, and stores nothing', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true });
      const envelope = await envelopeFor(storedReport());
      const other = await envelopeFor(storedReport((input) => void (input.incident.narrative = 'Another report.')));
      const swaps = [
        // Another report's sealed form under this envelope (same id wanted: the other's id and reference are its own).
        { ...envelope, sealedReport: other.sealedReport },
        { ...envelope, contentHash: await contentHash({ another: 'report' }) },
        { ...envelope, id: other.id, reference: other.reference },
        { ...envelope, submittedAt: '2026-01-02T03:00:00.000Z' },
      ];
      for (const swapped of swaps) {
        const response = await postReport(receiver, swapped);
        expect(response.status).toBe(400);
        expect(((await response.json()) as ProblemBody).error).toBe('sealed_header_mismatch');
      }
      expect(await count(receiver.url)).toBe(0);
    });

    it('answers 400 to a report sealed to a key it does not know, or with another suite, or not a JWE', async () => {
      const receiver = await startTestReceiver({ engine, testHooks: true, agencyKeyIds: ['another-agency-key'] });
      const envelope = await envelopeFor(storedReport());
      const unknownKey = await postReport(receiver, envelope);
      expect(unknownKey.status).toBe(400);
      expect(((await unknownKey.json()) as ProblemBody).error).toBe('unknown_agency_key');

      const [header = '', ...rest] = envelope.sealedReport.split('.');
      const otherSuite = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
      otherSuite.alg = 'RSA-OAEP-256';
      const withOtherSuite = [Buffer.from(JSON.stringify(otherSuite)).toString('base64url'), ...rest].join('.');
      const unsupported = await postReport(receiver, { ...envelope, sealedReport: withOtherSuite });
      expect(unsupported.status).toBe(400);
      expect(((await unsupported.json()) as ProblemBody).error).toBe('unsupported_sealing');

      for (const notAJwe of ['', 'abc', envelope.sealedReport.split('.').slice(0, 4).join('.'), `${envelope.sealedReport}x`, envelope.sealedReport.replace('.', '.!')]) {
        const response = await postReport(receiver, { ...envelope, sealedReport: notAJwe });
        expect(response.status).toBe(400);
        expect(((await response.json()) as ProblemBody).error).toBe('invalid_sealed_report');
      }
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
