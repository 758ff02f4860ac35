// Input no honest client sends gets a 4xx with the usual JSON error body,
// never a 500 (which a client would retry forever): JSON nested past any
// stack, targets no URL can be made of, requests the HTTP parser refuses.
import { describe, expect, it } from 'vitest';
import { MAX_ENVELOPE_DEPTH } from './reportIntake';
import { envelopeFor, postReport, sendRaw, startTestReceiver, storedReport, type ProblemBody } from './testSupport';

/** A JSON text whose arrays nest `levels` deep. */
const nestedArrays = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

describe('deeply nested JSON', () => {
  it('answers 400 to a batch report nested 100,000 levels deep, and takes the rest of the batch', async () => {
    const receiver = await startTestReceiver();
    const envelope = await envelopeFor(storedReport());
    const deepReport = `{"id":"${envelope.id}","extra":{"a":${nestedArrays(100_000)}}}`;

    const response = await fetch(`${receiver.endpoint}/batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: `{"reports":[${nestedArrays(100_000)},${deepReport},${JSON.stringify(envelope)}]}`,
    });

    expect(response.status).toBe(200);
    const { results } = (await response.json()) as { results: ({ status: number } & ProblemBody)[] };
    expect(results.map((result) => [result.status, result.error])).toEqual([
      [400, 'nested_too_deeply'],
      [400, 'nested_too_deeply'],
      [201, undefined],
    ]);
  });

  it('answers 400 to a single report nested too deeply, and takes one nested as deep as allowed', async () => {
    const receiver = await startTestReceiver();
    const envelope = await envelopeFor(storedReport());
    const deep = await postReport(receiver, envelope, {
      rawBody: JSON.stringify({ ...envelope, extra: '<deep>' }).replace('"<deep>"', nestedArrays(100_000)),
    });
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as ProblemBody).error).toBe('nested_too_deeply');

    // The envelope is one level; a member of it may nest the rest (and is not kept: only the envelope's own members are).
    const nestedAs = (levels: number) => ({ rawBody: JSON.stringify({ ...envelope, extra: JSON.parse(nestedArrays(levels)) as unknown }) });
    expect((await postReport(receiver, envelope, nestedAs(MAX_ENVELOPE_DEPTH))).status).toBe(400);
    expect((await postReport(receiver, envelope, nestedAs(MAX_ENVELOPE_DEPTH - 1))).status).toBe(201);
  });
});

describe('request targets no URL can be made of', () => {
  it.each(['//[', 'http://[', '//%'])('answers 400 to %s', async (target) => {
    const receiver = await startTestReceiver();
    const response = await sendRaw(receiver, `GET ${target} HTTP/1.1\r\nHost: receiver\r\nConnection: close\r\n\r\n`);
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect((JSON.parse(response.body) as ProblemBody).error).toBe('malformed_target');
  });
});

describe('requests the HTTP parser refuses', () => {
  it.each([
    ['a broken request line', 'not http at all\r\n\r\n', 400, 'bad_request'],
    ['a bad header line', 'GET /api/health HTTP/1.1\r\nHost receiver\r\n\r\n', 400, 'bad_request'],
    ['headers over the limit', `GET /api/health HTTP/1.1\r\nHost: receiver\r\nX-Padding: ${'p'.repeat(64 * 1024)}\r\n\r\n`, 431, 'headers_too_large'],
  ])('answers %s with the usual JSON error body', async (_name, request, status, error) => {
    const receiver = await startTestReceiver();
    const response = await sendRaw(receiver, request);
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(response.headers['content-length'])).toBe(Buffer.byteLength(response.body));
    expect(JSON.parse(response.body)).toEqual({ error, message: expect.any(String) });
  });
});
