// The sync engine against a fake clock and a scripted fetch: every status
// transition of the contract, the backoff, the scheduling, the locks, progress.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SIGNED_TYPES } from '../contract/agencySignature';
import type { Receipt, ReportIdentity } from '../contract/protocol';
import { SCHEMA_VERSION } from '../contract/schema';
import { TEST_SIGNING_KEYS } from '../contract/testing/agencySigningTestKey';
import { DEFAULT_BACKOFF } from './backoff';
import type { OutboxItem, ShouhuDatabase } from '../storage/db';
import { createLeaseLock } from './leaseLock';
import { claimBatch } from './outboxTransitions';
import type { SenderLock } from './senderLock';
import type { SyncConfig } from './transport';
import { CLAIM_BATCH_SIZE } from './claimAhead';
import { OUTCOME_GROUP_SIZE, OUTCOME_GROUP_WAIT_MS } from './outcomeWriter';
import { createSyncEngine, MAX_PASS_DELAY_MS, MIN_PASS_DELAY_MS, type SyncEngineOptions } from './syncEngine';
import type { SyncState } from './syncState';
import { createFakeClock, driveUntilSettled, settle, stepUntil, waitFor } from './testing/fakeClock';
import { addQueued, freshDatabase, makeItem } from '../storage/testing/fixtures';
import {
  hangForever,
  hangUntilAborted,
  jsonResponse,
  NetworkError,
  scriptedFetch,
  type RecordedRequest,
  type Responder,
} from './testing/scriptedFetch';
import { noLock, TEST_CONFIG } from './testing/receiverWorld';
import { acknowledgementStatement, signedAcknowledgement, testAgencySigner, unpinnedSigner } from './testing/signedAnswers';

const CONFIG = TEST_CONFIG;
const ENDPOINT = CONFIG.endpoint;
const RECEIPT: Receipt = { receiptId: 'R-20261122-AAAAAAAAAA', receivedAt: '2026-11-22T08:00:01.000Z' };

/** The receiver's signed acknowledgement of the request's report: a receipt id and time, signed with the report's id, reference and hash. */
const acknowledgement = ({ body }: { body: ReportIdentity }, receipt: Receipt = { receiptId: `receipt-${body.id}`, receivedAt: '2026-11-22T08:00:01.000Z' }) =>
  signedAcknowledgement(body, receipt);

const created = async (request: { body: ReportIdentity }) => jsonResponse(201, await acknowledgement(request));

function setup(respond: Responder, options: Partial<SyncEngineOptions> & { config?: SyncConfig | null } = {}) {
  const { db } = freshDatabase('engine');
  const clock = createFakeClock();
  const server = scriptedFetch(respond);
  let config: SyncConfig | null = options.config === undefined ? CONFIG : options.config;
  const make = (overrides: Partial<SyncEngineOptions> = {}) =>
    createSyncEngine({
      db,
      getConfig: async () => config,
      getSigningKeys: async () => TEST_SIGNING_KEYS,
      fetch: server.fetch,
      clock,
      random: () => 0.5,
      lock: noLock,
      ...options,
      ...overrides,
    });
  const engine = make();
  return {
    db,
    clock,
    server,
    engine,
    make,
    setConfig(next: SyncConfig | null) {
      config = next;
    },
  };
}

const get = async (db: ShouhuDatabase, id: string): Promise<OutboxItem> => {
  const item = await db.outbox.get(id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the request', () => {
  it('posts the report sealed for the agency as it was filed, with its id as the idempotency key, its hash and the bearer token', async () => {
    const { db, engine, server } = setup(created);
    const [item] = await addQueued(db, 1);
    await engine.syncNow();

    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.url).toBe(ENDPOINT);
    expect(request?.method).toBe('POST');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': item?.id,
      authorization: 'Bearer token-1',
    });
    expect(request?.body).toEqual({
      id: item?.id,
      schemaVersion: SCHEMA_VERSION,
      reference: item?.reference,
      createdAt: item?.createdAt,
      submittedAt: item?.submittedAt,
      contentHash: item?.contentHash,
      sealedReport: item?.sealedForAgency,
    });
    expect(request?.body.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('sends no Authorization header when no token is configured', async () => {
    const { db, engine, server } = setup(created, { config: { endpoint: ENDPOINT } });
    await addQueued(db, 1);
    await engine.syncNow();
    expect(server.requests[0]?.headers).not.toHaveProperty('authorization');
  });

  it('sends nothing not sealed for the agency: such a report is parked, and no pass wakes for it', async () => {
    const { db, engine, server, clock } = setup(created);
    const [item] = await addQueued(db, 1, { sealedForAgency: undefined });
    const summary = await engine.syncNow();
    expect(summary.attempted).toBe(0);
    expect(server.requests).toHaveLength(0);
    expect(await get(db, item?.id ?? '')).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: Number.POSITIVE_INFINITY });
    // Started, the engine sets no timer for it: nothing waits that a pass could send.
    engine.start();
    await engine.syncNow();
    await settle();
    expect(clock.pendingTimers()).toBe(0);
    engine.stop();
    expect(server.requests).toHaveLength(0);
  });

  it('does nothing while no receiver is configured', async () => {
    const { db, engine, server } = setup(created, { config: null });
    const [item] = await addQueued(db, 1);
    const summary = await engine.syncNow();
    expect(summary.skipped).toBe('not-configured');
    expect(server.requests).toHaveLength(0);
    expect((await get(db, item?.id ?? '')).status).toBe('queued');
  });

  it('never logs (report content must not reach the console)', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
    let call = 0;
    const { db, engine } = setup(() => {
      call += 1;
      if (call === 1) throw new NetworkError();
      return call === 2 ? jsonResponse(422, { error: 'invalid', fields: [] }) : jsonResponse(500);
    });
    await addQueued(db, 3);
    await engine.syncNow();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

describe('acknowledgements', () => {
  it('201: acknowledged, keeping the receipt id and time, and the signed acknowledgement itself', async () => {
    let answered: string | undefined;
    const { db, engine, clock } = setup(async (request) => {
      const body = await acknowledgement(request);
      answered = body.acknowledgement;
      return jsonResponse(201, body);
    });
    const [item] = await addQueued(db, 1, { lastError: { kind: 'network', at: '2026-11-22T07:59:00.000Z' }, attempts: 2 });
    const summary = await engine.syncNow();

    const stored = await get(db, item?.id ?? '');
    expect(stored).toMatchObject({
      status: 'acknowledged',
      receiptId: `receipt-${item?.id}`,
      receivedAt: '2026-11-22T08:00:01.000Z',
      acknowledgedAt: new Date(clock.now()).toISOString(),
      // Its content is kept from now on, until retention erases it.
      contentKeptSince: clock.now(),
      attempts: 3,
    });
    expect(stored.acknowledgement).toBe(answered);
    expect(stored.lastError).toBeUndefined();
    expect(summary).toMatchObject({ attempted: 1, acknowledged: 1, retrying: 0 });
  });

  it('200 (a replay of a stored report): acknowledged with the original receipt', async () => {
    const { db, engine } = setup(async (request) =>
      jsonResponse(200, await acknowledgement(request, { receiptId: 'original', receivedAt: '2026-11-21T10:00:00.000Z' })),
    );
    const [item] = await addQueued(db, 1);
    await engine.syncNow();
    expect(await get(db, item?.id ?? '')).toMatchObject({
      status: 'acknowledged',
      receiptId: 'original',
      receivedAt: '2026-11-21T10:00:00.000Z',
    });
  });

  // A proxy, gateway or wrong address that answers 2xx without forwarding the
  // report: taking it for delivery would later erase the report's content.
  it.each([
    ['200 {"ok":true}', () => jsonResponse(200, { ok: true })],
    ['200 with an empty body', () => new Response(null, { status: 200, headers: { 'Content-Type': 'application/json' } })],
    ['202 without a body', () => new Response(null, { status: 202 })],
    ['200 with a body that is not JSON', () => new Response('OK', { status: 200, headers: { 'Content-Type': 'text/plain' } })],
    [
      'a valid-looking acknowledgement without a signature',
      async (request: RecordedRequest) => jsonResponse(201, { ...(await acknowledgement(request)), acknowledgement: undefined }),
    ],
    [
      'an acknowledgement whose signature is not a JWS',
      async (request: RecordedRequest) => jsonResponse(201, { ...(await acknowledgement(request)), acknowledgement: 'signed, the agency' }),
    ],
    [
      'an acknowledgement signed by a key the tablet does not pin',
      async (request: RecordedRequest) => jsonResponse(201, await signedAcknowledgement(request.body, RECEIPT, await unpinnedSigner())),
    ],
    [
      "another report's signed acknowledgement, its members made to name this one",
      async (request: RecordedRequest) => {
        const other = await makeItem();
        return jsonResponse(201, { ...(await acknowledgement({ body: other })), id: request.body.id, contentHash: request.body.contentHash });
      },
    ],
    [
      'a signed acknowledgement of another version of this report',
      async (request: RecordedRequest) => jsonResponse(201, await acknowledgement({ body: { ...request.body, contentHash: `sha256:${'0'.repeat(64)}` } })),
    ],
    [
      'a signed acknowledgement naming another reference',
      async (request: RecordedRequest) => jsonResponse(201, await acknowledgement({ body: { ...request.body, reference: 'XXXXXXXXX' } })),
    ],
    [
      "the agency's signature of something else (a status change) over the same words",
      async (request: RecordedRequest) =>
        jsonResponse(201, {
          ...(await acknowledgement(request)),
          acknowledgement: await testAgencySigner.sign(SIGNED_TYPES.status, acknowledgementStatement(request.body, RECEIPT)),
        }),
    ],
  ])('%s is not an acknowledgement: the report stays, and sending pauses', async (_name, respond: Responder) => {
    const { db, engine, server } = setup(respond, { concurrency: 1 });
    const [item] = await addQueued(db, 2);

    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ acknowledged: 0, paused: true });
    // The first answer pauses sending: the second report is not offered to this endpoint.
    expect(server.requests).toHaveLength(1);
    const stored = await get(db, item?.id ?? '');
    expect(stored).toMatchObject({ status: 'paused', lastError: { kind: 'unconfirmed' } });
    expect(stored.sealedForAgency).toEqual(item?.sealedForAgency);
    expect(stored.receiptId).toBeUndefined();
    expect(engine.getState()).toMatchObject({ paused: true, pauseReason: 'unconfirmed' });
    expect(await db.outbox.where('status').equals('acknowledged').count()).toBe(0);
  });

  it('a 200 HTML page (a captive portal) is not an acknowledgement', async () => {
    const { db, engine } = setup(
      () => new Response('<html>Log in to the Wi-Fi</html>', { status: 200, headers: { 'Content-Type': 'text/html' } }),
    );
    const [item] = await addQueued(db, 1);
    await engine.syncNow();
    expect(await get(db, item?.id ?? '')).toMatchObject({ status: 'queued', attempts: 1, lastError: { kind: 'network', status: 200 } });
  });

  it('a redirected answer is not an acknowledgement (receivers never redirect)', async () => {
    const redirected = jsonResponse(200, { ok: true });
    Object.defineProperty(redirected, 'redirected', { value: true });
    const { db, engine } = setup(() => redirected);
    const [item] = await addQueued(db, 1);
    await engine.syncNow();
    expect(await get(db, item?.id ?? '')).toMatchObject({ status: 'paused', lastError: { kind: 'config', status: 200 } });
  });

  it('acknowledged reports are not sent again', async () => {
    const { db, engine, server } = setup(created);
    await addQueued(db, 2);
    await engine.syncNow();
    await engine.syncNow();
    expect(server.requests).toHaveLength(2);
  });
});

describe('refusals that need a person', () => {
  it('409: conflict; the report is kept unchanged and not retried', async () => {
    const { db, engine, server, clock } = setup(() => jsonResponse(409, { error: 'conflict', message: 'error.conflict' }));
    const [item] = await addQueued(db, 1);
    const summary = await engine.syncNow();

    const stored = await get(db, item?.id ?? '');
    expect(stored).toMatchObject({ status: 'conflict', lastError: { kind: 'conflict', status: 409 } });
    expect(stored.sealedForAgency).toEqual(item?.sealedForAgency);
    expect(stored.contentHash).toBe(item?.contentHash);
    expect(summary.conflicts).toBe(1);

    clock.advanceBy(60 * 60_000);
    await engine.syncNow();
    expect(server.requests).toHaveLength(1);
  });

  // 422 is no longer a reference receiver's answer (it cannot read reports); from another receiver it is a refusal like 400.
  it.each([400, 413, 422])('%i: rejected, with the receiver’s message and fields, and not retried', async (status) => {
    const { db, engine, server, clock } = setup(() =>
      jsonResponse(status, {
        error: 'invalid_envelope',
        message: 'error.invalid',
        fields: [{ path: 'child.whereNow', message: 'error.required' }, { path: 7 }],
      }),
    );
    const [item] = await addQueued(db, 1);
    const summary = await engine.syncNow();

    const stored = await get(db, item?.id ?? '');
    expect(stored.status).toBe('rejected');
    expect(stored.lastError).toEqual({
      kind: 'rejected',
      status,
      message: 'error.invalid',
      fields: [{ path: 'child.whereNow', message: 'error.required' }],
      at: new Date(clock.now()).toISOString(),
    });
    expect(stored.sealedForAgency).toEqual(item?.sealedForAgency);
    expect(summary.rejected).toBe(1);

    clock.advanceBy(60 * 60_000);
    await engine.syncNow();
    expect(server.requests).toHaveLength(1);
  });
});

describe('refused credentials', () => {
  it.each([401, 403])('%i: the report is paused, sending stops for all, and resumes when the settings change', async (status) => {
    const { db, engine, server, setConfig } = setup(
      (request) => (request.headers.authorization === 'Bearer token-2' ? created(request) : jsonResponse(status)),
      { concurrency: 1 },
    );
    const items = await addQueued(db, 3);
    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ paused: true, attempted: 1 });
    expect(server.requests).toHaveLength(1);
    expect(engine.getState()).toMatchObject({ paused: true, pauseReason: 'auth' });
    const [first, ...others] = items;
    expect(await get(db, first?.id ?? '')).toMatchObject({ status: 'paused', lastError: { kind: 'auth', status } });
    for (const other of others) expect((await get(db, other.id)).status).toBe('queued');

    // Same settings: nothing is sent, however often it tries.
    expect((await engine.syncNow()).skipped).toBe('paused');
    expect(server.requests).toHaveLength(1);

    setConfig({ endpoint: ENDPOINT, token: 'token-2' });
    const resumed = await engine.syncNow();
    expect(resumed.acknowledged).toBe(3);
    expect(engine.getState().paused).toBe(false);
    for (const item of items) expect((await get(db, item.id)).status).toBe('acknowledged');
  });

  it.each([
    [404, new Response('Not Found', { status: 404 })],
    [405, new Response(null, { status: 405 })],
    [302, new Response(null, { status: 302, headers: { Location: '/login' } })],
    [204, new Response(null, { status: 204 })],
  ])('%i (an endpoint that is not a receiver): paused too, kind "config", until the endpoint changes', async (status, answer) => {
    const { db, engine, server, setConfig } = setup(
      (request) => (request.url === 'https://right.test/api/reports' ? created(request) : answer.clone()),
      { concurrency: 1 },
    );
    const [first, second] = await addQueued(db, 2);
    await engine.syncNow();
    expect(await get(db, first?.id ?? '')).toMatchObject({ status: 'paused', lastError: { kind: 'config', status } });
    expect((await get(db, second?.id ?? '')).status).toBe('queued');
    expect(engine.getState()).toMatchObject({ paused: true, pauseReason: 'config' });
    expect((await engine.syncNow()).skipped).toBe('paused');

    setConfig({ endpoint: 'https://right.test/api/reports', token: 'token-1' });
    expect((await engine.syncNow()).acknowledged).toBe(2);
    expect(engine.getState().paused).toBe(false);
    expect(engine.getState()).not.toHaveProperty('pauseReason');
    expect(server.requests).toHaveLength(3);
  });

  it('stays paused after a reload with the same settings, and resume() lifts it', async () => {
    let accept = false;
    const { db, engine, server, make } = setup((request) => (accept ? created(request) : jsonResponse(401)));
    const [item] = await addQueued(db, 1);
    await engine.syncNow();
    expect(engine.getState().paused).toBe(true);

    const reloaded = make();
    expect((await reloaded.syncNow()).skipped).toBe('paused');
    expect(reloaded.getState().paused).toBe(true);
    expect(server.requests).toHaveLength(1);

    accept = true; // the token was enabled on the receiver's side
    const summary = await reloaded.resume();
    expect(summary.acknowledged).toBe(1);
    expect(reloaded.getState().paused).toBe(false);
    expect((await get(db, item?.id ?? '')).status).toBe('acknowledged');
  });
});

describe('failures that are retried', () => {
  // random() = 0.5 and a first failure: the delay is half the base.
  const halfBase = Math.floor(0.5 * DEFAULT_BACKOFF.baseMs);

  it.each([408, 425, 429, 500, 502, 503, 504])('%i: queued again with attempts + 1 and a jittered delay', async (status) => {
    const { db, engine, clock } = setup(() => jsonResponse(status));
    const start = clock.now();
    const [item] = await addQueued(db, 1);
    const summary = await engine.syncNow();
    expect(await get(db, item?.id ?? '')).toMatchObject({
      status: 'queued',
      attempts: 1,
      nextAttemptAt: start + halfBase,
      lastError: { kind: 'server', status },
    });
    expect(summary.retrying).toBe(1);
  });

  it('a network error: queued again, kind "network"', async () => {
    const { db, engine, clock } = setup(() => {
      throw new NetworkError();
    });
    const [item] = await addQueued(db, 1);
    await engine.syncNow();
    const stored = await get(db, item?.id ?? '');
    expect(stored).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: clock.now() + halfBase });
    expect(stored.lastError).toEqual({ kind: 'network', at: new Date(clock.now()).toISOString() });
  });

  it('no answer within the time limit: the request is aborted and the report queued again, kind "timeout"', async () => {
    const { db, engine, clock, server } = setup((request) => hangUntilAborted(request), { requestTimeoutMs: 10_000 });
    const start = clock.now();
    const [item] = await addQueued(db, 1);
    await driveUntilSettled(engine.syncNow(), clock);

    expect(clock.now()).toBe(start + 10_000);
    expect(server.requests[0]?.signal?.aborted).toBe(true);
    expect(await get(db, item?.id ?? '')).toMatchObject({
      status: 'queued',
      attempts: 1,
      nextAttemptAt: start + 10_000 + halfBase,
      lastError: { kind: 'timeout' },
    });
  });

  it('the time limit holds even against a fetch that ignores the abort signal', async () => {
    const { db, engine, clock } = setup((request) => hangForever(request), { requestTimeoutMs: 5_000 });
    const [item] = await addQueued(db, 1);
    await driveUntilSettled(engine.syncNow(), clock);
    expect((await get(db, item?.id ?? '')).lastError?.kind).toBe('timeout');
  });

  it('the delay doubles with each failure: attempts 3 → 4 gives a ceiling of base × 8', async () => {
    const { db, engine, clock } = setup(() => jsonResponse(503));
    const [item] = await addQueued(db, 1, { attempts: 3 });
    await engine.syncNow();
    expect(await get(db, item?.id ?? '')).toMatchObject({ attempts: 4, nextAttemptAt: clock.now() + 0.5 * DEFAULT_BACKOFF.baseMs * 8 });
  });

  it('random() = 0 retries at once; random() → 1 waits the capped maximum', async () => {
    const low = setup(() => jsonResponse(500), { random: () => 0 });
    const [a] = await addQueued(low.db, 1, { attempts: 30 });
    await low.engine.syncNow();
    expect((await get(low.db, a?.id ?? '')).nextAttemptAt).toBe(low.clock.now());

    const high = setup(() => jsonResponse(500), { random: () => 1 - Number.EPSILON });
    const [b] = await addQueued(high.db, 1, { attempts: 30 });
    await high.engine.syncNow();
    const delay = (await get(high.db, b?.id ?? '')).nextAttemptAt - high.clock.now();
    expect(delay).toBeLessThanOrEqual(DEFAULT_BACKOFF.capMs);
    expect(delay).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.capMs - 1);
  });

  it('Retry-After in seconds is the delay, without jitter', async () => {
    const { db, engine, clock } = setup(() => jsonResponse(429, undefined, { 'Retry-After': '120' }));
    const [item] = await addQueued(db, 1);
    await engine.syncNow();
    expect(await get(db, item?.id ?? '')).toMatchObject({
      status: 'queued',
      nextAttemptAt: clock.now() + 120_000,
      lastError: { kind: 'server', status: 429 },
    });
  });

  it('Retry-After as an HTTP date is the delay until then', async () => {
    const clockStart = createFakeClock().now();
    const { db, engine, clock } = setup(() =>
      jsonResponse(503, undefined, { 'Retry-After': new Date(clockStart + 90_000).toUTCString() }),
    );
    const [item] = await addQueued(db, 1);
    await engine.syncNow();
    expect((await get(db, item?.id ?? '')).nextAttemptAt).toBe(clock.now() + 90_000);
  });

  it('a Retry-After of days is capped', async () => {
    const { db, engine, clock } = setup(() => jsonResponse(503, undefined, { 'Retry-After': String(7 * 86_400) }));
    const [item] = await addQueued(db, 1);
    await engine.syncNow();
    expect((await get(db, item?.id ?? '')).nextAttemptAt).toBe(clock.now() + DEFAULT_BACKOFF.maxRetryAfterMs);
  });

  it('a report not yet due is not sent', async () => {
    const { db, engine, server, clock } = setup(created);
    await addQueued(db, 1, { nextAttemptAt: createFakeClock().now() + 5_000 });
    await engine.syncNow();
    expect(server.requests).toHaveLength(0);
    clock.advanceBy(5_000);
    await engine.syncNow();
    expect(server.requests).toHaveLength(1);
  });
});

describe('recovery', () => {
  it('a report left in "sending" (the page died mid-request) is sent again', async () => {
    const { db, engine, server } = setup(created);
    const [item] = await addQueued(db, 1, { status: 'sending', lastAttemptAt: '2026-11-22T07:59:00.000Z' });
    const summary = await engine.syncNow();
    expect(summary.recovered).toBe(1);
    expect(server.requests.map((request) => request.body.id)).toEqual([item?.id]);
    expect((await get(db, item?.id ?? '')).status).toBe('acknowledged');
  });

  it('the claim is one transaction: two connections claiming the same reports get each once', async () => {
    const { db, name } = freshDatabase('claim');
    const items = await addQueued(db, 20);
    const { openDatabase } = await import('../storage/db');
    const other = openDatabase(name);
    const now = Date.now();
    const claims = await Promise.all(items.flatMap((item) => [claimBatch(db, [item.id], now), claimBatch(other, [item.id], now)]));
    const claimedIds = claims.flat().map((claim) => claim.id);
    expect(claimedIds.sort()).toEqual(items.map((item) => item.id).sort());
  });
});

describe('two engines on one database (the lease fallback)', () => {
  it('never send one report twice', async () => {
    const { db, name } = freshDatabase('two-engines');
    const { openDatabase } = await import('../storage/db');
    const otherDb = openDatabase(name);
    const clock = createFakeClock();
    const server = scriptedFetch(async (request) => {
      await settle(5); // answers take a while, so the passes overlap
      return created(request);
    });
    const engineFor = (database: ShouhuDatabase, owner: string) =>
      createSyncEngine({
        db: database,
        getConfig: async () => CONFIG,
        fetch: server.fetch,
        clock,
        random: () => 0.5,
        getSigningKeys: async () => TEST_SIGNING_KEYS,
        lock: createLeaseLock({ db: database, clock, owner }),
      });
    const a = engineFor(db, 'tab-a');
    const b = engineFor(otherDb, 'tab-b');

    const items: OutboxItem[] = [];
    let contended = 0;
    for (let round = 0; round < 5; round++) {
      items.push(...(await addQueued(db, 4)));
      const summaries = await Promise.all([a.syncNow(), b.syncNow()]);
      contended += summaries.filter((summary) => summary.skipped === 'locked').length;
    }
    expect(contended).toBeGreaterThan(0);
    // Whatever one pass left behind, later passes finish.
    await Promise.all([a.syncNow(), b.syncNow()]);
    await Promise.all([b.syncNow(), a.syncNow()]);

    const counts = server.countById();
    for (const item of items) {
      expect(counts.get(item.id)).toBe(1);
      expect((await get(db, item.id)).status).toBe('acknowledged');
    }
  });
});

describe('concurrency', () => {
  it.each([
    [undefined, 4],
    [1, 1],
    [3, 3],
  ])('concurrency %s: never more than %i requests in flight', async (concurrency, expected) => {
    // The first answers wait until the pool is full: as many in flight as the engine allows.
    let full = false;
    const { db, engine, server } = setup(
      async (request) => {
        await waitFor(() => full || server.inFlight >= expected);
        full = true;
        return created(request);
      },
      concurrency === undefined ? {} : { concurrency },
    );
    await addQueued(db, 10);
    const summary = await engine.syncNow();
    expect(summary.acknowledged).toBe(10);
    expect(server.maxInFlight).toBe(expected);
  });

  it('a second syncNow during a pass joins it', async () => {
    const { db, engine, server } = setup(created);
    await addQueued(db, 3);
    const first = engine.syncNow();
    const second = engine.syncNow();
    expect(second).toBe(first);
    await first;
    expect(server.requests).toHaveLength(3);
  });
});

describe('progress', () => {
  it('counts what is sent while the backlog drains, in immutable snapshots', async () => {
    let call = 0;
    const { db, engine, clock } = setup(
      (request) => {
        call += 1;
        return call === 3 ? jsonResponse(500) : created(request);
      },
      { concurrency: 1 },
    );
    await addQueued(db, 5);
    const initial = engine.getState();
    expect(engine.getState()).toBe(initial); // the same object until something changes
    expect(initial).toEqual({ syncing: false, total: 0, sent: 0, paused: false });

    const seen: SyncState[] = [];
    const unsubscribe = engine.subscribe(() => seen.push(engine.getState()));
    await engine.syncNow();
    unsubscribe();

    expect(seen.every((state) => Object.isFrozen(state))).toBe(true);
    expect(new Set(seen).size).toBe(seen.length); // a new object for each change
    const during = seen.filter((state) => state.syncing);
    expect(during[0]).toMatchObject({ total: 5, sent: 0 });
    const sentCounts = during.map((state) => state.sent);
    expect(sentCounts).toEqual([...sentCounts].sort((x, y) => x - y)); // it only grows
    // From 0 to 4, by the outcomes stored together (one answer at a time here, so small groups).
    expect(sentCounts[0]).toBe(0);
    expect(sentCounts.at(-1)).toBe(4);
    expect(new Set(sentCounts).size).toBeGreaterThan(2);
    expect(engine.getState()).toEqual({
      syncing: false,
      total: 5,
      sent: 4,
      paused: false,
      lastSuccessAt: clock.now(),
      lastFailureAt: clock.now(),
    });
  });

  it('shows a group of outcomes stored together with one update, not one per report', async () => {
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => (release = resolve));
    const { db, engine, server } = setup(async (request) => {
      await answered;
      return created(request);
    }, { concurrency: 4 });
    await addQueued(db, 4);
    const seen: SyncState[] = [];
    const unsubscribe = engine.subscribe(() => seen.push(engine.getState()));
    const pass = engine.syncNow();
    await waitFor(() => server.inFlight === 4);
    release();
    expect(await pass).toMatchObject({ acknowledged: 4 });
    unsubscribe();
    // The four answers came together and were stored in one transaction: 0, then 4.
    expect([...new Set(seen.map((state) => state.sent))]).toEqual([0, 4]);
  });

    it('an unsubscribed listener hears nothing more', async () => {
    const { db, engine } = setup(created);
    await addQueued(db, 1);
    const listener = vi.fn();
    engine.subscribe(listener)();
    await engine.syncNow();
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('scheduling', () => {
  it('start() syncs now, then again when the next report falls due', async () => {
    let call = 0;
    const { db, engine, clock, server } = setup((request) => {
      call += 1;
      return call === 1 ? jsonResponse(503, undefined, { 'Retry-After': '10' }) : created(request);
    });
    const [item] = await addQueued(db, 1);
    const start = clock.now();
    engine.start();
    await engine.syncNow(); // joins the pass start() began
    await waitFor(() => clock.pendingTimers() > 0);
    expect(server.requests).toHaveLength(1);
    expect(clock.nextTimerAt()).toBe(start + 10_000);

    clock.advanceToNextTimer();
    await engine.syncNow();
    expect(server.requests).toHaveLength(2);
    expect((await get(db, item?.id ?? '')).status).toBe('acknowledged');
    await settle(50);
    expect(clock.pendingTimers()).toBe(0); // nothing waits, no timer
    engine.stop();
  });

  it('the next pass is at least 1 s and at most 60 s away', async () => {
    const near = setup(() => jsonResponse(503, undefined, { 'Retry-After': '0' }));
    await addQueued(near.db, 1);
    near.engine.start();
    await near.engine.syncNow();
    await waitFor(() => near.clock.pendingTimers() > 0);
    expect(near.clock.nextTimerAt()).toBe(near.clock.now() + MIN_PASS_DELAY_MS);
    near.engine.stop();
    expect(near.clock.pendingTimers()).toBe(0);

    const far = setup(() => jsonResponse(503, undefined, { 'Retry-After': '600' }));
    await addQueued(far.db, 1);
    far.engine.start();
    await far.engine.syncNow();
    await waitFor(() => far.clock.pendingTimers() > 0);
    expect(far.clock.nextTimerAt()).toBe(far.clock.now() + MAX_PASS_DELAY_MS);
    far.engine.stop();
  });

  it('onOnline() retries at once what failed for the network, not what the server postponed', async () => {
    let online = false;
    const { db, engine, server } = setup((request) => {
      if (!online) throw new NetworkError();
      return created(request);
    });
    const [networkFailed] = await addQueued(db, 1);
    await engine.syncNow();
    const [postponed] = await addQueued(db, 1, {
      attempts: 1,
      nextAttemptAt: createFakeClock().now() + 600_000,
      lastError: { kind: 'server', status: 503, at: '2026-11-22T08:00:00.000Z' },
    });
    expect((await get(db, networkFailed?.id ?? '')).nextAttemptAt).toBeGreaterThan(createFakeClock().now());

    online = true;
    await engine.onOnline();
    expect((await get(db, networkFailed?.id ?? '')).status).toBe('acknowledged');
    expect((await get(db, postponed?.id ?? '')).status).toBe('queued');
    expect(server.requests.filter((request) => request.body.id === postponed?.id)).toHaveLength(0);
  });

  it('resume() ("Sync now") sends what waits after network failures with the rest, in one pass', async () => {
    let online = false;
    const { db, engine } = setup((request) => {
      if (!online) throw new NetworkError();
      return created(request);
    });
    await addQueued(db, 2);
    await engine.syncNow();
    await addQueued(db, 2);

    online = true;
    const summary = await engine.resume();
    expect(summary).toMatchObject({ attempted: 4, acknowledged: 4 });
  });
});

describe('a sender lock held elsewhere', () => {
  it('skips the pass without touching anything', async () => {
    const busy: SenderLock = { runExclusive: async () => ({ acquired: false }) };
    const { db, engine, server } = setup(created, { lock: busy });
    const [item] = await addQueued(db, 1, { status: 'sending' });
    const summary = await engine.syncNow();
    expect(summary.skipped).toBe('locked');
    expect(server.requests).toHaveLength(0);
    // Another tab's report in flight is left alone.
    expect((await get(db, item?.id ?? '')).status).toBe('sending');
  });
});

describe('batches', () => {
  /** Counts the read-write transactions opened on `db`. */
  function countWriteTransactions(db: ShouhuDatabase): () => number {
    const spy = vi.spyOn(db, 'transaction');
    return () => spy.mock.calls.filter(([mode]) => mode === 'rw').length;
  }

  it('a backlog of several batches is sent once each, oldest filed first, in a few transactions', async () => {
    const { db, engine, server } = setup(created, { concurrency: 1 });
    const items = await addQueued(db, 2 * CLAIM_BATCH_SIZE + 10);
    const writes = countWriteTransactions(db);
    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ attempted: items.length, acknowledged: items.length });
    expect(server.requests.map((request) => request.body.id)).toEqual(items.map((item) => item.id));
    expect(await db.outbox.where('status').equals('acknowledged').count()).toBe(items.length);
    // One transaction per claim and one per outcome would be 2 per report.
    expect(writes()).toBeLessThan(items.length / 2);
  });

  it('outcomes are written in groups while requests are in flight, and the progress moves with each', async () => {
    const { db, engine, server } = setup(async (request) => {
      await settle(2);
      return created(request);
    });
    const items = await addQueued(db, 3 * OUTCOME_GROUP_SIZE);
    const writes = countWriteTransactions(db);
    const sent: number[] = [];
    const unsubscribe = engine.subscribe(() => sent.push(engine.getState().sent));
    await engine.syncNow();
    unsubscribe();

    expect(server.countById().size).toBe(items.length);
    expect(writes()).toBeLessThan(items.length / 4);
    expect(sent.at(-1)).toBe(items.length);
    expect(new Set(sent).size).toBeGreaterThan(3); // not all at the end
  });

  it('an outcome does not wait for a request that hangs: its group is written within the wait', async () => {
    const { db, engine, clock, server } = setup(
      (request) => (request.body.id === hanging?.id ? hangUntilAborted(request) : created(request)),
      { concurrency: 2, requestTimeoutMs: 30_000 },
    );
    const [answered, hanging] = await addQueued(db, 2);
    const start = clock.now();
    const pass = engine.syncNow();
    await stepUntil(
      async () => (await get(db, answered?.id ?? '')).status === 'acknowledged',
      async () => {
        await settle(5);
        // The clock moves as far as the outcome's wait, not to the hanging request's time limit.
        const at = clock.nextTimerAt();
        if (server.answering === 0 && at !== undefined && at <= start + OUTCOME_GROUP_WAIT_MS) clock.advanceToNextTimer();
      },
    );
    expect(clock.now() - start).toBeLessThanOrEqual(OUTCOME_GROUP_WAIT_MS);
    expect((await get(db, hanging?.id ?? '')).status).toBe('sending');
    expect(engine.getState().sent).toBe(1);

    await driveUntilSettled(pass, clock);
    expect((await get(db, hanging?.id ?? '')).lastError?.kind).toBe('timeout');
  });

  it('a pause stops the workers at once and puts what was claimed but not sent back in the queue', async () => {
    let answered = 0;
    const { db, engine, server } = setup((request) => (++answered <= 10 ? created(request) : jsonResponse(401)));
    const items = await addQueued(db, 2 * CLAIM_BATCH_SIZE);
    const summary = await engine.syncNow();

    expect(summary.paused).toBe(true);
    expect(server.requests.length).toBeLessThanOrEqual(10 + 4); // what was in flight when the first 401 came
    const stored = await db.outbox.bulkGet(items.map((item) => item.id));
    expect(stored.filter((item) => item?.status === 'sending')).toEqual([]);
    const sentIds = new Set(server.requests.map((request) => request.body.id));
    for (const item of stored) {
      if (!item || sentIds.has(item.id)) continue;
      expect(item).toMatchObject({ status: 'queued', attempts: 0 });
    }
    expect(stored.filter((item) => item?.status === 'queued').length).toBe(items.length - sentIds.size);
  });

  it('a lost lock stops the workers and puts what was claimed but not sent back in the queue', async () => {
    const handle = { held: true };
    const lock: SenderLock = { runExclusive: async (task) => ({ acquired: true, value: await task(handle) }) };
    let answered = 0;
    const { db, engine, server } = setup(
      (request) => {
        if (++answered === 20) handle.held = false; // the lease expired while the tab was frozen
        return created(request);
      },
      { lock },
    );
    const items = await addQueued(db, 2 * CLAIM_BATCH_SIZE);
    const summary = await engine.syncNow();

    expect(server.requests.length).toBeLessThanOrEqual(20 + 3);
    expect(summary.acknowledged).toBe(server.requests.length);
    expect(await db.outbox.where('status').equals('sending').count()).toBe(0);
    expect(await db.outbox.where('status').equals('queued').count()).toBe(items.length - server.requests.length);
  });

  it('reports not sealed for the agency are parked, neither sent nor counted, while the others go', async () => {
    const items = await Promise.all(Array.from({ length: 10 }, (_, i) => makeItem({ reference: `R-${i}` })));
    const sealed = new Set(items.filter((_, i) => i % 2 === 0).map((item) => item.id));
    const { db, engine, server } = setup(created);
    await db.outbox.bulkAdd(items.map((item) => (sealed.has(item.id) ? item : { ...item, sealedForAgency: undefined })));
    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ attempted: 5, acknowledged: 5 });
    expect(new Set(server.requests.flatMap((request) => request.reports.map((report) => report.id)))).toEqual(sealed);
    for (const item of items) {
      expect(await get(db, item.id)).toMatchObject(
        sealed.has(item.id) ? { status: 'acknowledged', attempts: 1 } : { status: 'queued', attempts: 0, nextAttemptAt: Number.POSITIVE_INFINITY },
      );
    }
    expect(engine.getState()).toMatchObject({ total: 5, sent: 5 });
  });
});
