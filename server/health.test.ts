// GET /api/health: what a load balancer asks before sending a receiver traffic.
import { describe, expect, it } from 'vitest';
import { asSuperuser } from './testing/databases';
import { envelopeFor, postReport, startTestReceiver, storedReport, type ProblemBody } from './testSupport';

// (200 { ok: true } while the database answers, on both engines: reports.test.ts.)
describe('GET /api/health on PostgreSQL', () => {
  it('answers 503 while the database takes no connections, reports get 503 too, and both recover', async () => {
    const receiver = await startTestReceiver({ engine: 'postgres' });
    const name = new URL(receiver.database).pathname.slice(1);
    await asSuperuser(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await asSuperuser('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    const envelope = await envelopeFor(storedReport());

    const health = await fetch(`${receiver.url}/api/health`);
    expect(health.status).toBe(503);
    expect(health.headers.get('retry-after')).toBe('2');
    expect(await health.json()).toMatchObject({ ok: false, error: 'database_unavailable' });
    const post = await postReport(receiver, envelope);
    expect(post.status).toBe(503);
    expect(post.headers.get('retry-after')).toBe('2');
    expect(((await post.json()) as ProblemBody).error).toBe('unavailable');

    await asSuperuser(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    expect((await fetch(`${receiver.url}/api/health`)).status).toBe(200);
    expect((await postReport(receiver, envelope)).status).toBe(201);
  });
});
