// Cross-origin access for the app, which is served from another origin.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALLOWED_ORIGINS, originAllowed } from './cors';
import { envelopeFor, postReport, startTestReceiver, storedReport } from './testSupport';

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
