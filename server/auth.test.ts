// The bearer token: which routes need it, and that it is checked exactly.
import { describe, expect, it } from 'vitest';
import { bearerTokenAccepted } from './auth';
import { envelopeFor, getReport, postReport, startTestReceiver, storedReport } from './testSupport';

const TOKEN = 'correct-horse-battery-staple';

describe('bearerTokenAccepted', () => {
  it('accepts anything when no token is configured', () => {
    expect(bearerTokenAccepted(undefined, undefined)).toBe(true);
    expect(bearerTokenAccepted('Bearer whatever', undefined)).toBe(true);
  });

  it('accepts only the exact token after "Bearer"', () => {
    expect(bearerTokenAccepted(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenAccepted(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    for (const header of [undefined, '', 'Bearer', 'Bearer ', TOKEN, `Basic ${TOKEN}`, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`]) {
      expect(bearerTokenAccepted(header, TOKEN)).toBe(false);
    }
  });
});

describe('a receiver with RECEIVER_TOKEN', () => {
  it('answers 401 to a report without the token or with a wrong one, and stores nothing', async () => {
    const receiver = await startTestReceiver({ token: TOKEN, testHooks: true });
    const envelope = await envelopeFor(storedReport());

    const missing = await postReport(receiver, envelope);
    const wrong = await postReport(receiver, envelope, { token: 'guess' });

    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(wrong.status).toBe(401);
    const count = (await (await fetch(`${receiver.url}/__test__/count`)).json()) as { reports: number };
    expect(count.reports).toBe(0);
  });

  it('accepts a report with the right token', async () => {
    const receiver = await startTestReceiver({ token: TOKEN });
    const envelope = await envelopeFor(storedReport());
    expect((await postReport(receiver, envelope, { token: TOKEN })).status).toBe(201);
    expect((await getReport(receiver, envelope.id)).status).toBe(401);
    expect((await getReport(receiver, envelope.id, 'guess')).status).toBe(401);
    expect((await getReport(receiver, envelope.id, TOKEN)).status).toBe(200);
  });

  it('answers the "Test connection" check by the token alone', async () => {
    const receiver = await startTestReceiver({ token: TOKEN });
    expect((await fetch(receiver.endpoint)).status).toBe(401);
    expect((await fetch(receiver.endpoint, { headers: { Authorization: 'Bearer guess' } })).status).toBe(401);
    const accepted = await fetch(receiver.endpoint, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ ok: true, schemaVersion: 1 });
  });

  it('needs no token for the health check', async () => {
    const receiver = await startTestReceiver({ token: TOKEN });
    expect((await fetch(`${receiver.url}/api/health`)).status).toBe(200);
  });
});

describe('a receiver without a token', () => {
  it('accepts reports and the connection check without one', async () => {
    const receiver = await startTestReceiver();
    expect((await fetch(receiver.endpoint)).status).toBe(200);
    expect((await postReport(receiver, await envelopeFor(storedReport()))).status).toBe(201);
  });
});
