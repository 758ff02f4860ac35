// What became of the reports this tablet filed: the engine's one status
// request per pass, and what of its answer it believes (docs/sync-protocol.md, "Statuses").
import { describe, expect, it } from 'vitest';
import { SIGNED_TYPES } from '../contract/agencySignature';
import { referenceFromId } from '../contract/referenceCode';
import { MAX_STATUS_IDS, type StatusChange } from '../contract/reportStatus';
import { TEST_AGENCY_NAME, TEST_SIGNING_KEYS } from '../contract/testing/agencySigningTestKey';
import { newId } from '../lib/ids';
import type { OutboxItem, ShouhuDatabase } from '../storage/db';
import { addQueued, freshDatabase, validReport } from '../storage/testing/fixtures';
import { pinAgencyKeys, pinnedAgencySigningKeys } from '../vault/agencyKeys';
import { currentSession } from '../vault/session';
import { agencyAnswerOf, keptStatusChange } from './keptStatus';
import { STATUS_CHECK_INTERVAL_MS, STATUS_RETRY_AFTER_FAILURE_MS } from './statusDue';
import { createSyncEngine, DEFAULT_REQUEST_TIMEOUT_MS } from './syncEngine';
import { createFakeClock, settle, waitFor } from './testing/fakeClock';
import { TEST_CONFIG, noLock, receiverWorld } from './testing/receiverWorld';
import { jsonResponse, NetworkError, scriptedFetch, type RecordedRequest, type Responder, type StatusRequest } from './testing/scriptedFetch';
import { signedAcknowledgement } from './testing/signedAnswers';
import { signStatus, statusChangeFor, tampered } from './testing/signedStatus';

const HOUR = STATUS_CHECK_INTERVAL_MS;

/** The receiver's signed acknowledgement of the request's report. */
const created = async ({ body }: RecordedRequest) =>
  jsonResponse(201, await signedAcknowledgement(body, { receiptId: `receipt-${body.id}`, receivedAt: '2026-11-22T08:00:01.000Z' }));

type StatusAnswerer = (request: StatusRequest) => Response | Promise<Response>;

/** A receiver that holds these signed changes, by id, and answers for the ids asked that it holds. */
const holding =
  (changes: Map<string, string>): StatusAnswerer =>
  ({ ids }) =>
    jsonResponse(200, { statuses: ids.filter((id) => changes.has(id)).map((id) => ({ id, change: changes.get(id) })) });

async function setup({ statuses = holding(new Map()), pin = true, respond = created }: { statuses?: StatusAnswerer; pin?: boolean; respond?: Responder } = {}) {
  const { db } = freshDatabase('statuses');
  const clock = createFakeClock();
  let answer = statuses;
  const server = scriptedFetch(respond, { statuses: (request) => answer(request) });
  const engine = createSyncEngine({ db, getConfig: async () => TEST_CONFIG, getSigningKeys: () => pinnedAgencySigningKeys(db), fetch: server.fetch, clock, random: () => 0.5, lock: noLock });
  if (pin) await pinAgencyKeys({ agencySigningKeys: TEST_SIGNING_KEYS }, db);
  return {
    db,
    clock,
    server,
    engine,
    answerWith(next: StatusAnswerer) {
      answer = next;
    },
  };
}

/**
 * Acknowledged reports as the outbox keeps them once sent: no content is
 * needed (retention may have erased it), only the ids. Checked two hours ago
 * unless `overrides` say otherwise; `checkedAt(i)` spreads them out.
 */
async function addAcknowledged(
  db: ShouhuDatabase,
  count: number,
  now: number,
  { checkedAt = () => now - 2 * HOUR, ...overrides }: Partial<OutboxItem> & { checkedAt?: (index: number) => number } = {},
): Promise<OutboxItem[]> {
  const items = Array.from({ length: count }, (_, index): OutboxItem => {
    const id = overrides.id ?? newId();
    return {
      id,
      reference: referenceFromId(id),
      createdAt: '2026-11-20T07:00:00.000Z',
      submittedAt: new Date(Date.UTC(2026, 10, 20, 7, 0, 0, index)).toISOString(),
      status: 'acknowledged',
      profileId: 'p1',
      contentHash: `sha256:${'0'.repeat(64)}`,
      attempts: 1,
      nextAttemptAt: 0,
      receiptId: `receipt-${id}`,
      receivedAt: '2026-11-20T08:00:00.000Z',
      acknowledgedAt: '2026-11-20T08:00:00.000Z',
      contentErasedAt: '2026-11-21T08:00:00.000Z',
      awaiting: 'reply',
      statusCheckedAt: checkedAt(index),
      ...overrides,
    };
  });
  await db.outbox.bulkAdd(items);
  return items;
}

const item = async (db: ShouhuDatabase, id: string): Promise<OutboxItem> => {
  const found = await db.outbox.get(id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
};

describe('asking', () => {
  it('after sending, one GET of the status route with the ids of the acknowledged open reports due, oldest checked first, and the token', async () => {
    let statusRequestsBeforeSending: number | undefined;
    const { db, clock, server, engine } = await setup({
      respond: (request) => {
        statusRequestsBeforeSending = server.statusRequests.length;
        return created(request);
      },
    });
    const now = clock.now();
    const due = await addAcknowledged(db, 3, now, { checkedAt: (index) => now - (5 - index) * HOUR });
    // The middle one has had a reply: reports awaiting a reply and a result are asked about in one order, by when they were checked.
    await db.outbox.update(due[1]?.id ?? '', { awaiting: 'result' });
    const [recent] = await addAcknowledged(db, 1, now, { checkedAt: () => now - HOUR + 1 });
    const [closed] = await addAcknowledged(db, 1, now, { awaiting: undefined, checkedAt: () => now - 9 * HOUR });
    const [queued] = await addQueued(db, 1);
    const summary = await engine.syncNow();

    expect(statusRequestsBeforeSending).toBe(0);
    expect(server.requests.map((request) => request.body.id)).toEqual([queued?.id]);
    expect(server.statusRequests).toHaveLength(1);
    const [request] = server.statusRequests;
    expect(`${request?.url.origin}${request?.url.pathname}`).toBe('https://receiver.test/api/reports/status');
    expect(request?.url.search).toBe(`?ids=${due.map((report) => report.id).join(',')}`);
    expect(request?.headers.authorization).toBe('Bearer token-1');
    expect(request?.ids).not.toContain(recent?.id);
    expect(request?.ids).not.toContain(closed?.id);
    // Just acknowledged: its acknowledgement said "received" a moment ago.
    expect(request?.ids).not.toContain(queued?.id);
    expect(summary).toMatchObject({ acknowledged: 1, statuses: { asked: 3, taken: 0, ignored: 0 } });
    for (const report of due) expect((await item(db, report.id)).statusCheckedAt).toBe(now);
  });

  it('takes a change the agency signed: kept as its JWS, read back with its note and time; the report then awaits the result', async () => {
    const id = newId();
    const change = statusChangeFor(id, { note: '已联系学校，请保持电话畅通。' });
    const jws = await signStatus(change);
    const { db, clock, engine } = await setup({ statuses: holding(new Map([[id, jws]])) });
    await addAcknowledged(db, 1, clock.now(), { id });
    const summary = await engine.syncNow();

    expect(summary.statuses).toEqual({ asked: 1, taken: 1, ignored: 0 });
    const stored = await item(db, id);
    expect(stored.statusChange).toBe(jws);
    expect(stored.awaiting).toBe('result');
    expect(keptStatusChange(stored.statusChange)).toEqual(change);
  });

  it('asks about each report at most once an hour', async () => {
    const { db, clock, server, engine } = await setup();
    await addAcknowledged(db, 2, clock.now());
    await engine.syncNow();
    expect(server.statusRequests).toHaveLength(1);

    expect((await engine.syncNow()).statuses?.skipped).toBe('nothing-due');
    clock.advanceBy(HOUR - 1);
    expect((await engine.syncNow()).statuses?.skipped).toBe('nothing-due');
    expect(server.statusRequests).toHaveLength(1);
    clock.advanceBy(1);
    await engine.syncNow();
    expect(server.statusRequests).toHaveLength(2);
    expect(server.statusRequests[1]?.ids).toHaveLength(2);
  });

  it(`asks about ${MAX_STATUS_IDS} reports per request at most, those checked longest ago first; the rest at the next pass`, async () => {
    const { db, clock, server, engine } = await setup();
    const now = clock.now();
    // Filed newest first, checked oldest first: the order asked follows the checks.
    const reports = await addAcknowledged(db, MAX_STATUS_IDS + 20, now, { checkedAt: (index) => now - 2 * HOUR - index });
    await engine.syncNow();
    await engine.syncNow();
    expect(server.statusRequests.map((request) => request.ids.length)).toEqual([MAX_STATUS_IDS, 20]);
    const oldestFirst = reports.map((report) => report.id).reverse();
    expect(server.statusRequests[0]?.ids).toEqual(oldestFirst.slice(0, MAX_STATUS_IDS));
    expect(server.statusRequests[1]?.ids).toEqual(oldestFirst.slice(MAX_STATUS_IDS));
  });

  it('asks half as many after a request too long for the way to the receiver (414, 431)', async () => {
    const { db, clock, server, engine, answerWith } = await setup({ statuses: () => jsonResponse(414) });
    await addAcknowledged(db, MAX_STATUS_IDS + 20, clock.now());
    expect((await engine.syncNow()).statuses).toMatchObject({ failed: 'too-long', asked: MAX_STATUS_IDS });
    answerWith(() => new Response('', { status: 431 }));
    clock.advanceBy(STATUS_RETRY_AFTER_FAILURE_MS);
    await engine.syncNow();
    answerWith(holding(new Map()));
    clock.advanceBy(STATUS_RETRY_AFTER_FAILURE_MS);
    await engine.syncNow();
    expect(server.statusRequests.map((request) => request.ids.length)).toEqual([MAX_STATUS_IDS, MAX_STATUS_IDS / 2, MAX_STATUS_IDS / 4]);
  });

  it('asks half as many after a request whose answer did not come in time', async () => {
    const { db, clock, server, engine, answerWith } = await setup({ statuses: () => new Promise<Response>(() => undefined) });
    await addAcknowledged(db, MAX_STATUS_IDS + 20, clock.now());
    const pass = engine.syncNow();
    await waitFor(() => server.statusRequests.length === 1);
    clock.advanceBy(DEFAULT_REQUEST_TIMEOUT_MS);
    expect((await pass).statuses).toMatchObject({ failed: 'timeout', asked: MAX_STATUS_IDS });
    answerWith(holding(new Map()));
    clock.advanceBy(STATUS_RETRY_AFTER_FAILURE_MS);
    await engine.syncNow();
    expect(server.statusRequests.map((request) => request.ids.length)).toEqual([MAX_STATUS_IDS, MAX_STATUS_IDS / 2]);
  });

  it('does not ask again about a closed report', async () => {
    const id = newId();
    const { db, clock, server, engine } = await setup({
      statuses: holding(new Map([[id, await signStatus(statusChangeFor(id, { status: 'closed', seq: 3 }))]])),
    });
    await addAcknowledged(db, 1, clock.now(), { id, awaiting: 'result' });
    await engine.syncNow();
    expect((await item(db, id)).awaiting).toBeUndefined();
    clock.advanceBy(30 * 24 * HOUR);
    expect((await engine.syncNow()).statuses?.skipped).toBe('nothing-due');
    expect(server.statusRequests).toHaveLength(1);
  });

  it('asks while no profile is unlocked, about reports whose content retention erased: the ids are enough', async () => {
    const id = newId();
    const { db, clock, engine } = await setup({ statuses: holding(new Map([[id, await signStatus(statusChangeFor(id))]])) });
    await addAcknowledged(db, 1, clock.now(), { id, contentErasedAt: '2026-11-21T08:00:00.000Z' });
    expect(currentSession()).toBeUndefined();
    const stored = await item(db, id);
    expect([stored.sealedForAgency, stored.sealedForOwner, stored.report]).toEqual([undefined, undefined, undefined]);

    expect((await engine.syncNow()).statuses).toMatchObject({ asked: 1, taken: 1 });
    expect(keptStatusChange((await item(db, id)).statusChange)?.status).toBe('accepted');
  });

  it('asks nothing while no signing key is pinned: no answer could be believed', async () => {
    const { db, clock, server, engine } = await setup({ pin: false });
    await addAcknowledged(db, 1, clock.now());
    expect((await engine.syncNow()).statuses?.skipped).toBe('no-signing-keys');
    expect(server.statusRequests).toHaveLength(0);
  });
});

describe('what is not believed', () => {
  /** One report due, kept at `kept` (a change already kept, if any), and the answer offering what `offer` makes. */
  async function offering(offer: (id: string, reference: string) => Promise<{ id: string; change: unknown }[]>, kept?: Partial<StatusChange>) {
    const id = newId();
    const keptJws = kept ? await signStatus(statusChangeFor(id, kept)) : undefined;
    const entries = await offer(id, referenceFromId(id));
    const world = await setup({ statuses: () => jsonResponse(200, { statuses: entries }) });
    await addAcknowledged(world.db, 1, world.clock.now(), { id, ...(keptJws && { statusChange: keptJws, awaiting: 'result' }) });
    const summary = await world.engine.syncNow();
    return { ...world, id, keptJws, summary, stored: await item(world.db, id) };
  }

  const other = newId();
  it.each<[string, (id: string, reference: string) => Promise<{ id: string; change: unknown }[]>]>([
    ['a signature that does not verify (the note changed after signing)', async (id) => [{ id, change: tampered(await signStatus(statusChangeFor(id, { note: '原话' }))) }]],
    ['a change signed by a key this tablet does not pin', async (id) => [{ id, change: await signStatus(statusChangeFor(id), { by: 'stranger', kid: 'someone-else' }) }]],
    ['a change signed by another key under the pinned key id', async (id) => [{ id, change: await signStatus(statusChangeFor(id), { by: 'stranger' }) }]],
    [
      'an acknowledgement offered as a status change (typ shouhu-ack)',
      async (id, reference) => [
        {
          id,
          change: await signStatus(
            { id, reference, contentHash: `sha256:${'0'.repeat(64)}`, receiptId: 'R-1', receivedAt: '2026-11-20T08:00:00.000Z', agency: TEST_AGENCY_NAME },
            { type: SIGNED_TYPES.acknowledgement },
          ),
        },
      ],
    ],
    ['a status change typed as an acknowledgement', async (id) => [{ id, change: await signStatus(statusChangeFor(id), { type: SIGNED_TYPES.acknowledgement }) }]],
    ['a change for a report not asked about, well signed', async () => [{ id: other, change: await signStatus(statusChangeFor(other)) }]],
    ['under the id asked about, a well signed change of another report', async (id) => [{ id, change: await signStatus(statusChangeFor(other)) }]],
    ['a change naming the id asked about with another reference', async (id) => [{ id, change: await signStatus(statusChangeFor(id, { reference: 'AAAAAAAAA' })) }]],
    ['an entry that is not one', async (id) => [{ id, change: 42 }]],
  ])('%s', async (_, offer) => {
    const { summary, stored } = await offering(offer);
    expect(summary.statuses).toMatchObject({ asked: 1, taken: 0, ignored: 1 });
    expect(stored.statusChange).toBeUndefined();
    expect(stored.awaiting).toBe('reply');
  });

  it.each([
    ['an older change than the one kept (a rollback)', 1],
    ['another change under the same number as the one kept', 2],
  ])('%s', async (_, seq) => {
    const { summary, stored, keptJws } = await offering(
      async (id) => [{ id, change: await signStatus(statusChangeFor(id, { status: 'accepted', seq })) }],
      { status: 'case_opened', seq: 2 },
    );
    expect(summary.statuses).toMatchObject({ asked: 1, taken: 0, ignored: 1 });
    expect(stored.statusChange).toBe(keptJws);
  });

  it('the change kept, offered again, is no news: not checked again, not counted as ignored', async () => {
    const id = newId();
    const keptJws = await signStatus(statusChangeFor(id, { status: 'case_opened', seq: 2 }));
    const { db, clock, engine } = await setup({ statuses: () => jsonResponse(200, { statuses: [{ id, change: keptJws }] }) });
    await addAcknowledged(db, 1, clock.now(), { id, statusChange: keptJws, awaiting: 'result' });
    expect((await engine.syncNow()).statuses).toEqual({ asked: 1, taken: 0, ignored: 0 });
    expect((await item(db, id)).statusCheckedAt).toBe(clock.now());
  });

  it('only the first change offered for a report is looked at', async () => {
    const { summary, stored } = await offering(async (id) => [
      { id, change: await signStatus(statusChangeFor(id, { seq: 1 })) },
      { id, change: await signStatus(statusChangeFor(id, { status: 'closed', seq: 2 })) },
    ]);
    expect(summary.statuses).toMatchObject({ taken: 1, ignored: 1 });
    expect(keptStatusChange(stored.statusChange)?.seq).toBe(1);
  });
});

describe('when asking fails', () => {
  it.each<[string, StatusAnswerer, string]>([
    ['500', () => jsonResponse(500, { error: 'internal' }), 'refused'],
    ['a network error', () => Promise.reject(new NetworkError()), 'network'],
    ['401', () => jsonResponse(401, { error: 'unauthorized' }), 'refused'],
    ['an answer that is not a status answer', () => jsonResponse(200, { ok: true }), 'malformed'],
  ])('%s: sending goes on untouched, nothing is shown, and a pass asks again a while later', async (_, answer, failure) => {
    const { db, clock, server, engine, answerWith } = await setup({ statuses: answer });
    const [due] = await addAcknowledged(db, 1, clock.now());
    const [queued] = await addQueued(db, 1);
    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ attempted: 1, acknowledged: 1, retrying: 0, paused: false, statuses: { asked: 1, failed: failure } });
    expect(await item(db, queued?.id ?? '')).toMatchObject({ status: 'acknowledged', attempts: 1 });
    expect((await item(db, queued?.id ?? '')).lastError).toBeUndefined();
    expect(engine.getState().paused).toBe(false);
    expect(engine.getState().lastFailureAt).toBeUndefined();
    expect((await item(db, due?.id ?? '')).statusCheckedAt).toBe(clock.now() - 2 * HOUR);

    answerWith(holding(new Map()));
    clock.advanceBy(STATUS_RETRY_AFTER_FAILURE_MS - 1);
    expect((await engine.syncNow()).statuses?.skipped).toBe('failed-lately');
    clock.advanceBy(1);
    expect((await engine.syncNow()).statuses).toEqual({ asked: 1, taken: 0, ignored: 0 });
    expect(server.statusRequests.map((request) => request.ids)).toEqual([[due?.id], [due?.id]]);
  });
});

describe('when the engine wakes for statuses', () => {
  it('when a report falls due, with nothing queued; after a failure, not again for a while; then an hour on', async () => {
    const { db, clock, server, engine, answerWith } = await setup({ statuses: () => jsonResponse(503) });
    const start = clock.now();
    await addAcknowledged(db, 1, start, { checkedAt: () => start - HOUR + 60_000 });
    /** Lets the engine run its timers until `until`; the times at which it asked. */
    const runUntil = async (until: number) => {
      while ((clock.nextTimerAt() ?? Infinity) <= until) {
        clock.advanceToNextTimer();
        await waitFor(() => clock.pendingTimers() > 0);
      }
    };
    const askedAt: number[] = [];
    const count = () => askedAt.length;
    answerWith(() => {
      askedAt.push(clock.now());
      return jsonResponse(503);
    });
    engine.start();
    await waitFor(() => clock.pendingTimers() > 0);
    expect(count()).toBe(0);

    await runUntil(start + 60_000);
    expect(askedAt).toEqual([start + 60_000]);
    await runUntil(start + 60_000 + STATUS_RETRY_AFTER_FAILURE_MS - 1);
    expect(count()).toBe(1);
    answerWith((request) => {
      askedAt.push(clock.now());
      return holding(new Map())(request);
    });
    await runUntil(start + 60_000 + STATUS_RETRY_AFTER_FAILURE_MS + 60_000);
    expect(count()).toBe(2);
    const answeredAt = askedAt[1] ?? 0;
    expect(answeredAt).toBeGreaterThanOrEqual(start + 60_000 + STATUS_RETRY_AFTER_FAILURE_MS);
    await runUntil(answeredAt + HOUR - 1);
    expect(count()).toBe(2);
    await runUntil(answeredAt + HOUR + 60_000);
    expect(count()).toBe(3);
    expect(server.statusRequests).toHaveLength(3);
    engine.stop();
    await settle();
  });
});

describe("against the receiver's own code", () => {
  it('filed, acknowledged, accepted by an officer with a note: an hour on the tablet keeps it; once closed it is not asked again', async () => {
    const { db, clock, receiver, server, engine } = receiverWorld('statuses-receiver', (peer) => (request) => peer.handle(request));
    await pinAgencyKeys({ agencySigningKeys: TEST_SIGNING_KEYS }, db);
    const [mine] = await addQueued(db, 1);
    const id = mine?.id ?? '';
    expect((await engine.syncNow()).acknowledged).toBe(1);
    expect(await item(db, id)).toMatchObject({ status: 'acknowledged', awaiting: 'reply', statusCheckedAt: clock.now() });
    // Another tablet's report, with a status of its own: never in this tablet's answers.
    const theirs = newId();
    await receiver.storeOther(theirs, validReport());
    expect((await receiver.setStatus(theirs, { status: 'accepted', note: 'Not for this tablet' })).status).toBe(201);

    expect((await receiver.setStatus(id, { status: 'accepted', note: '已受理，请保持电话畅通。' })).status).toBe(201);
    expect((await engine.syncNow()).statuses?.skipped).toBe('nothing-due');
    clock.advanceBy(HOUR);
    expect((await engine.syncNow()).statuses).toEqual({ asked: 1, taken: 1, ignored: 0 });
    expect(server.statusRequests.map((request) => request.ids)).toEqual([[id]]);
    expect(agencyAnswerOf(await item(db, id))).toEqual({
      status: 'accepted',
      at: new Date(clock.now() - HOUR).toISOString(),
      note: '已受理，请保持电话畅通。',
      agency: TEST_AGENCY_NAME,
    });
    expect(await db.outbox.get(theirs)).toBeUndefined();

    expect((await receiver.setStatus(id, { status: 'referred', referredTo: 'civil_affairs' })).status).toBe(201);
    expect((await receiver.setStatus(id, { status: 'closed', note: '已办结。' })).status).toBe(201);
    clock.advanceBy(HOUR);
    expect((await engine.syncNow()).statuses).toEqual({ asked: 1, taken: 1, ignored: 0 });
    expect(keptStatusChange((await item(db, id)).statusChange)).toMatchObject({ status: 'closed', seq: 3 });
    expect((await item(db, id)).awaiting).toBeUndefined();
    clock.advanceBy(24 * HOUR);
    expect((await engine.syncNow()).statuses?.skipped).toBe('nothing-due');
    expect(server.statusRequests).toHaveLength(2);
  });
});
