// The ways sending fails in the field, each played out against a receiver that
// implements the contract: lost acknowledgements, requests that hang, pages
// that die mid-request, a receiver that holds another report under the id,
// senders that come back after losing their lease.
import { describe, expect, it } from 'vitest';
import { contentHash } from '../contract/contentHash';
import { TEST_SIGNING_KEYS } from '../contract/testing/agencySigningTestKey';
import type { OutboxItem, ShouhuDatabase } from '../storage/db';
import { claimBatch, recordOutcomes } from './outboxTransitions';
import { DEFAULT_BACKOFF } from './backoff';
import { retryConflict } from './retryConflict';
import type { SyncConfig } from './transport';
import { createSyncEngine } from './syncEngine';
import { createFakeClock, driveUntilSettled, settle, stepUntil, waitFor, type FakeClock } from './testing/fakeClock';
import { addQueued, freshDatabase, RECEIVED_AT, validReport } from '../storage/testing/fixtures';
import { hangUntilAborted, jsonResponse, NetworkError, scriptedFetch, type Responder } from './testing/scriptedFetch';
import { noLock, receiverWorld, TEST_CONFIG } from './testing/receiverWorld';
import { createTestReceiver, type TestReceiver } from './testing/testReceiver';
import { openPage } from './testing/simulatedPage';

const CONFIG = TEST_CONFIG;

function world(script: (receiver: TestReceiver) => Responder) {
  return receiverWorld('adversarial', script, { requestTimeoutMs: 10_000 });
}

/** Runs the engine until no report waits, moving the clock to each retry. */
async function drain(
  engine: { syncNow(): Promise<unknown> },
  db: ShouhuDatabase,
  clock: FakeClock,
  server: { answering: number },
  maxPasses = 50,
) {
  for (let pass = 0; pass < maxPasses; pass++) {
    await driveUntilSettled(engine.syncNow(), clock, () => server.answering === 0);
    const waiting = await db.outbox.where('status').anyOf('queued', 'sending').toArray();
    if (waiting.length === 0) return;
    const next = Math.min(...waiting.map((item) => item.nextAttemptAt));
    if (next > clock.now()) clock.advanceBy(next - clock.now());
  }
  throw new Error('the outbox did not drain');
}

async function expectDeliveredOnce(db: ShouhuDatabase, receiver: TestReceiver, items: OutboxItem[]) {
  for (const item of items) {
    const stored = await db.outbox.get(item.id);
    expect(stored?.status).toBe('acknowledged');
    expect(receiver.inserts.get(item.id)).toBe(1);
    // The receipt is the receiver's original one, even when its first answer was lost.
    expect(stored?.receiptId).toBe((await receiver.stored()).get(item.id)?.receiptId);
    expect(stored?.receivedAt).toBe((await receiver.stored()).get(item.id)?.receivedAt);
    // And the agency's signature of it is the one stored with it, which every copy is answered with.
    expect(stored?.acknowledgement).toBe((await receiver.stored()).get(item.id)?.acknowledgement);
  }
  expect(receiver.conflicts).toBe(0);
  expect(receiver.malformed).toBe(0);
}

describe('lost acknowledgements', () => {
  it('stored, then the connection drops: the resend is a replay and keeps the original receipt', async () => {
    const { db, clock, receiver, server, engine } = world((receiver) => async (request, index) => {
      const answer = await receiver.handle(request);
      if (index === 0) throw new NetworkError(); // the answer never arrives
      return answer;
    });
    const items = await addQueued(db, 1);
    await engine.syncNow();
    expect((await db.outbox.get(items[0]?.id ?? ''))?.status).toBe('queued');
    await drain(engine, db, clock, server);
    expect(server.requests).toHaveLength(2);
    await expectDeliveredOnce(db, receiver, items);
  });

  it('stored, then no answer until the time limit: resent, stored once', async () => {
    const { db, clock, receiver, server, engine } = world((receiver) => async (request, index) => {
      const answer = await receiver.handle(request);
      if (index < 2) return hangUntilAborted(request);
      return answer;
    });
    const items = await addQueued(db, 1);
    await drain(engine, db, clock, server);
    expect((await db.outbox.get(items[0]?.id ?? ''))?.attempts).toBe(3);
    await expectDeliveredOnce(db, receiver, items);
  });
});

describe('a page that dies mid-request', () => {
  it('the next page waits for the lease, recovers the reports left in "sending" and sends them once', async () => {
    const { name, db } = freshDatabase('crash');
    const clock = createFakeClock();
    const receiver = createTestReceiver({ token: CONFIG.token, now: clock.now });
    // The first page's requests reach the receiver (half of them are stored) and then hang.
    let dying = true;
    let requestsSeen = 0;
    const server = scriptedFetch(async (request) => {
      requestsSeen += 1;
      if (dying && requestsSeen % 2 === 1) await receiver.store(request);
      if (dying) return hangUntilAborted(request);
      return receiver.handle(request);
    });
    const items = await addQueued(db, 6);
    const page = { databaseName: name, clock, fetch: server.fetch, getConfig: async () => CONFIG, random: () => 0.5 };

    const first = openPage({ ...page, owner: 'first' });
    first.engine.start();
    await waitFor(() => requestsSeen >= 4);
    expect(requestsSeen).toBe(4); // four in flight: the pool is full
    first.kill();
    dying = false;
    expect(await db.outbox.where('status').equals('sending').count()).toBe(4);

    const second = openPage({ ...page, owner: 'second' });
    const locked = await second.engine.syncNow();
    expect(locked.skipped).toBe('locked'); // the dead page's lease has not expired yet

    second.engine.start();
    await stepUntil(
      async () => (await db.outbox.where('status').notEqual('acknowledged').count()) === 0,
      async () => {
        if (server.answering === 0) clock.advanceToNextTimer();
        await settle(40);
      },
    );
    second.kill();
    await expectDeliveredOnce(db, receiver, items);
  });

  it('a report claimed but never sent (crash between claim and request) is sent once', async () => {
    const { db, clock, receiver, server, engine } = world((receiver) => (request) => receiver.handle(request));
    const items = await addQueued(db, 2);
    await claimBatch(db, [items[0]?.id ?? ''], clock.now());
    await drain(engine, db, clock, server);
    expect(server.countById().get(items[0]?.id ?? '')).toBe(1);
    await expectDeliveredOnce(db, receiver, items);
  });
});

describe('a conflict', () => {
  it('keeps both copies: neither the local report nor the receiver’s is overwritten', async () => {
    const { db, clock, receiver, server, engine } = world((receiver) => (request) => receiver.handle(request));
    const [item] = await addQueued(db, 1);
    const theirs = validReport('Another report that was given the same id.');
    const theirsHash = await contentHash(theirs);
    await receiver.storeOther(item?.id ?? '', theirs);

    await drain(engine, db, clock, server);
    const stored = await db.outbox.get(item?.id ?? '');
    expect(stored).toMatchObject({ status: 'conflict', sealedForAgency: item?.sealedForAgency, contentHash: item?.contentHash });
    expect((await receiver.stored()).get(item?.id ?? '')?.contentHash).toBe(theirsHash);

    // Re-queued explicitly without the receiver resolving it: the same 409, still kept.
    await retryConflict(db, item?.id ?? '');
    await drain(engine, db, clock, server);
    expect((await db.outbox.get(item?.id ?? ''))?.status).toBe('conflict');
    expect(server.requests).toHaveLength(2);

    // Once the receiver's operator removes their copy, it goes through.
    await receiver.removeAll();
    await retryConflict(db, item?.id ?? '');
    await drain(engine, db, clock, server);
    expect((await db.outbox.get(item?.id ?? ''))?.status).toBe('acknowledged');
  });
});

describe('a sender that comes back late', () => {
  const context = { random: () => 0.5, backoff: DEFAULT_BACKOFF, configFingerprint: 'f' };

  it('cannot turn an acknowledged report back into a queued one', async () => {
    const { db } = freshDatabase('late');
    const [item] = await addQueued(db, 1);
    const [claimed] = await claimBatch(db, [item?.id ?? ''], 0);
    if (!claimed) throw new Error('not claimed');
    await recordOutcomes(db, [{ sent: claimed, outcome: { kind: 'acknowledged', status: 201, receiptId: 'R-1', receivedAt: RECEIVED_AT, acknowledgement: 'signed-R-1' }, now: 0 }], context);
    await recordOutcomes(db, [{ sent: claimed, outcome: { kind: 'retry', reason: 'network' }, now: 0 }], context);
    await recordOutcomes(db, [{ sent: claimed, outcome: { kind: 'acknowledged', status: 200, receiptId: 'R-2', receivedAt: RECEIVED_AT, acknowledgement: 'signed-R-2' }, now: 0 }], context);
    expect(await db.outbox.get(item?.id ?? '')).toMatchObject({ status: 'acknowledged', receiptId: 'R-1' });
  });

  it('cannot record an outcome for a version of the report that was since corrected', async () => {
    const { db } = freshDatabase('late');
    const [item] = await addQueued(db, 1);
    const [claimed] = await claimBatch(db, [item?.id ?? ''], 0);
    if (!claimed) throw new Error('not claimed');
    await db.outbox.update(claimed.id, { status: 'queued', contentHash: 'sha256:corrected' });
    await recordOutcomes(db, [{ sent: claimed, outcome: { kind: 'acknowledged', status: 201, receiptId: 'R-1', receivedAt: RECEIVED_AT, acknowledgement: 'signed-R-1' }, now: 0 }], context);
    expect(await db.outbox.get(item?.id ?? '')).toMatchObject({ status: 'queued', contentHash: 'sha256:corrected' });
  });
});

describe('a flaky network in front of the receiver', () => {
  it('twenty reports through errors, throttling, hangs and lost answers arrive once each', async () => {
    const { db, clock, receiver, server, engine } = world((receiver) => async (request, index) => {
      switch (index % 7) {
        case 0:
          throw new NetworkError();
        case 1:
          return jsonResponse(503, undefined, { 'Retry-After': '3' });
        case 2:
          return jsonResponse(429, undefined, { 'Retry-After': new Date(clock.now() + 7_000).toUTCString() });
        case 3: {
          await receiver.store(request);
          throw new NetworkError();
        }
        case 4:
          return hangUntilAborted(request);
        default:
          return receiver.handle(request);
      }
    });
    // Every queued report is sealed with its hash in the header (legacy ones at migration), so none lacks one.
    const items = await addQueued(db, 20);
    await drain(engine, db, clock, server, 200);
    await expectDeliveredOnce(db, receiver, items);
  });

  it('rotated credentials pause the backlog, and it all goes once the new token is set', async () => {
    const { db } = freshDatabase('rotate');
    const clock = createFakeClock();
    const receiver = createTestReceiver({ token: 'token-2', now: clock.now });
    let config: SyncConfig = CONFIG;
    const server = scriptedFetch((request) => receiver.handle(request));
    const engine = createSyncEngine({ db, getConfig: async () => config, getSigningKeys: async () => TEST_SIGNING_KEYS, fetch: server.fetch, clock, lock: noLock });
    const items = await addQueued(db, 8);
    const summary = await engine.syncNow();
    expect(summary.paused).toBe(true);
    expect(summary.attempted).toBeLessThanOrEqual(4); // what was in flight; nothing more is claimed
    expect(await db.outbox.count()).toBe(8);

    config = { ...CONFIG, token: 'token-2' };
    await drain(engine, db, clock, server);
    await expectDeliveredOnce(db, receiver, items);
  });
});
