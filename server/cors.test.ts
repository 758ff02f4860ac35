// Cross-origin access for the app, which is served from another origin, and
// none for a page on another site, preflighted or not.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWED_ORIGINS, originAllowed } from './cors';
import type { RunningReceiver } from './receiver';
import { envelopeFor, postReport, startTestReceiver, storedReport, type ProblemBody } from './testSupport';

const preflight = (url: string, origin: string, extra: Record<string, string> = {}) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type, authorization, idempotency-key',
      ...extra,
    },
  });

describe('originAllowed', () => {
  it('allows this machine on any port by default', () => {
    expect(originAllowed('http://127.0.0.1:4317', DEFAULT_ALLOWED_ORIGINS)).toBe(true);
    expect(originAllowed('http://localhost:5173', DEFAULT_ALLOWED_ORIGINS)).toBe(true);
    expect(originAllowed('http://localhost', DEFAULT_ALLOWED_ORIGINS)).toBe(true);
    expect(originAllowed('http://localhost.evil.example:80', DEFAULT_ALLOWED_ORIGINS)).toBe(false);
    expect(originAllowed('http://localhost:80.evil.example', DEFAULT_ALLOWED_ORIGINS)).toBe(false);
    expect(originAllowed('https://intake.example.org', DEFAULT_ALLOWED_ORIGINS)).toBe(false);
  });

  it('matches exact origins, port wildcards and "*"', () => {
    expect(originAllowed('https://intake.example.org', ['https://intake.example.org/'])).toBe(true);
    expect(originAllowed('https://intake.example.org:8443', ['https://intake.example.org'])).toBe(false);
    expect(originAllowed('https://anything.example', ['*'])).toBe(true);
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin', async () => {
    const receiver = await startTestReceiver();
    const response = await preflight(receiver.endpoint, 'http://localhost:5173');

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type, authorization, idempotency-key');
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('content-length')).toBeNull();
  });

  it('allows a public page to reach a receiver on the local network when Chromium asks', async () => {
    const receiver = await startTestReceiver();
    const response = await preflight(receiver.endpoint, 'http://localhost:5173', {
      'Access-Control-Request-Private-Network': 'true',
    });
    expect(response.headers.get('access-control-allow-private-network')).toBe('true');
  });

  it('refuses a preflight from an origin not on the list', async () => {
    const receiver = await startTestReceiver({ allowedOrigins: ['https://intake.example.org'] });
    const refused = await preflight(receiver.endpoint, 'http://localhost:5173');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const allowed = await preflight(receiver.endpoint, 'https://intake.example.org');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://intake.example.org');
  });

  it('names the origin and exposes Retry-After on actual answers, errors included', async () => {
    const receiver = await startTestReceiver({ token: 'secret' });
    const origin = 'http://127.0.0.1:4317';
    const envelope = await envelopeFor(storedReport());

    const stored = await postReport(receiver, envelope, { token: 'secret', headers: { Origin: origin } });
    const refused = await postReport(receiver, envelope, { headers: { Origin: origin } });

    for (const response of [stored, refused]) {
      expect(response.headers.get('access-control-allow-origin')).toBe(origin);
      expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After');
    }
    expect(stored.status).toBe(201);
    expect(refused.status).toBe(401);
  });
});

describe('cross-site writes', () => {
  const rows = async (receiver: RunningReceiver) =>
    ((await (await fetch(`${receiver.url}/__test__/count`)).json()) as { reports: number }).reports;

  it('refuses a request from an origin not on the list on every route, preflighted or not, and stores nothing', async () => {
    const receiver = await startTestReceiver({ testHooks: true });
    const envelope = await envelopeFor(storedReport());
    const evil = { Origin: 'http://evil.example' };

    const answers = [
      // What a form or fetch on another site can send without a preflight.
      await fetch(`${receiver.endpoint}/batch`, {
        method: 'POST',
        headers: { ...evil, 'Content-Type': 'text/plain' },
        body: JSON.stringify({ reports: [envelope] }),
      }),
      await postReport(receiver, envelope, { headers: evil }),
      await fetch(`${receiver.endpoint}/${envelope.id}`, { headers: evil }),
      await fetch(`${receiver.url}/api/health`, { headers: evil }),
      await fetch(`${receiver.url}/nowhere`, { headers: evil }),
    ];

    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(((await answer.json()) as ProblemBody).error).toBe('origin_not_allowed');
    }
    expect(await rows(receiver)).toBe(0);
    // The app's own origin, and programs that send no Origin, still get through.
    expect((await postReport(receiver, envelope, { headers: { Origin: 'http://127.0.0.1:4173' } })).status).toBe(201);
    expect((await postReport(receiver, envelope)).status).toBe(200);
  });

  it('refuses with 415 a POST whose body is not declared JSON, and stores nothing', async () => {
    const receiver = await startTestReceiver({ testHooks: true });
    const envelope = await envelopeFor(storedReport());
    const body = JSON.stringify(envelope);

    const answers = [
      await postReport(receiver, envelope, { headers: { 'Content-Type': 'text/plain' } }),
      await postReport(receiver, envelope, { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      await postReport(receiver, envelope, { headers: { 'Content-Type': 'application/jsonp' } }),
      // A byte body: fetch sends no Content-Type at all.
      await fetch(receiver.endpoint, { method: 'POST', headers: { 'Idempotency-Key': envelope.id }, body: new TextEncoder().encode(body) }),
      await fetch(`${receiver.endpoint}/batch`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: `{"reports":[${body}]}` }),
    ];

    for (const answer of answers) {
      expect(answer.status).toBe(415);
      expect(((await answer.json()) as ProblemBody).error).toBe('unsupported_media_type');
    }
    expect(await rows(receiver)).toBe(0);
    // Parameters and the case of the media type do not matter.
    expect((await postReport(receiver, envelope, { headers: { 'Content-Type': 'application/json; charset=utf-8' } })).status).toBe(201);
    expect((await postReport(receiver, envelope, { headers: { 'Content-Type': 'Application/JSON' } })).status).toBe(200);
  });
});
