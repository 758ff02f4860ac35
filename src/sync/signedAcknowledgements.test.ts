// The tablet takes a report as received only on the agency's signature
// (docs/sync-protocol.md, "Signed acknowledgements"): played against the
// receiver's own intake, which signs, with its answers tampered with on the
// way as a gateway, a forger or a misconfigured deployment would.
import { afterEach, describe, expect, it } from 'vitest';
import { SIGNED_TYPES, verifyAcknowledgement, type AgencySigningKey, type SignedAcknowledgement } from '../contract/agencySignature';
import type { Acknowledgement } from '../contract/protocol';
import { validReportInput } from '../contract/testing/testReports';
import { TEST_SIGNING_KEYS } from '../contract/testing/agencySigningTestKey';
import { db, type OutboxItem, type ShouhuDatabase } from '../storage/db';
import { addQueued } from '../storage/testing/fixtures';
import { pinnedAgencySigningKeys } from '../vault/agencyKeys';
import { createDraft } from '../vault/drafts';
import { eraseAcknowledgedContent } from '../vault/retention';
import { lockAndClearTablet, unlockTestProfile } from '../vault/testing/testProfile';
import { enqueueReport } from './queue';
import { createSyncEngine } from './syncEngine';
import { createFakeClock } from './testing/fakeClock';
import { noLock, receiverWorld, TEST_CONFIG } from './testing/receiverWorld';
import { jsonResponse, scriptedFetch, type RecordedRequest, type Responder } from './testing/scriptedFetch';
import { testAgencySigner, unpinnedSigner } from './testing/signedAnswers';
import { createTestReceiver, type TestReceiver } from './testing/testReceiver';

const BATCHES = { maxReports: 10, maxBytes: 1024 * 1024 };

/** What the receiver signed in an acknowledgement, read without checking the signature (to re-sign or compare it). */
const statementIn = (jws: string): SignedAcknowledgement =>
  JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as SignedAcknowledgement;

/** The receiver takes the request as it would, then its answer is changed on the way back. */
const tampered =
  (change: (answer: Acknowledgement, request: RecordedRequest) => unknown | Promise<unknown>) =>
  (receiver: TestReceiver): Responder =>
  async (request) => {
    const { status, body } = await receiver.store(request);
    return jsonResponse(status, await change(body as Acknowledgement, request));
  };

const get = async (database: ShouhuDatabase, id: string): Promise<OutboxItem> => {
  const item = await database.outbox.get(id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
};

describe('a receiver signs, the tablet checks', () => {
  it('acknowledges a report on the signature of its receipt, and keeps that signature', async () => {
    const { db: tablet, receiver, engine } = receiverWorld('signed', (receiver) => (request) => receiver.handle(request));
    const [item] = await addQueued(tablet, 1);
    if (!item) throw new Error('not queued');

    expect(await engine.syncNow()).toMatchObject({ acknowledged: 1, paused: false });

    const stored = await get(tablet, item.id);
    const copy = (await receiver.stored()).get(item.id);
    expect(stored).toMatchObject({ status: 'acknowledged', receiptId: copy?.receiptId, receivedAt: copy?.receivedAt, acknowledgement: copy?.acknowledgement });
    expect(await verifyAcknowledgement(stored.acknowledgement ?? '', TEST_SIGNING_KEYS)).toMatchObject({
      ok: true,
      statement: { id: item.id, reference: item.reference, contentHash: item.contentHash, receiptId: copy?.receiptId, receivedAt: copy?.receivedAt },
    });
  });

  it.each([
    ['without its signature (a valid-looking but unsigned 200)', (answer: Acknowledgement) => ({ ...answer, acknowledgement: undefined })],
    [
      'signed again by a key the tablet does not pin',
      async (answer: Acknowledgement) => ({
        ...answer,
        acknowledgement: await (await unpinnedSigner()).sign(SIGNED_TYPES.acknowledgement, statementIn(answer.acknowledgement)),
      }),
    ],
    [
      "signed by the agency's own key, but as a status change",
      async (answer: Acknowledgement) => ({
        ...answer,
        acknowledgement: await testAgencySigner.sign(SIGNED_TYPES.status, statementIn(answer.acknowledgement)),
      }),
    ],
  ])('takes nothing as received from the receiver\'s answer %s: the report stays, sending pauses', async (_name, change) => {
    const { db: tablet, receiver, server, engine } = receiverWorld('unsigned', tampered(change), { concurrency: 1 });
    const items = await addQueued(tablet, 2);

    const summary = await engine.syncNow();

    expect(summary).toMatchObject({ acknowledged: 0, paused: true });
    expect(engine.getState()).toMatchObject({ paused: true, pauseReason: 'unconfirmed' });
    // It did reach the receiver; the tablet just cannot know that. The second is not offered.
    expect(receiver.inserts.get(items[0]?.id ?? '')).toBe(1);
    expect(server.requests).toHaveLength(1);
    for (const item of items) {
      const stored = await get(tablet, item.id);
      expect(stored.status).not.toBe('acknowledged');
      expect(stored.sealedForAgency).toBe(item.sealedForAgency);
      expect(stored.receiptId).toBeUndefined();
      expect(stored.acknowledgement).toBeUndefined();
    }
    expect((await get(tablet, items[0]?.id ?? '')).lastError).toMatchObject({ kind: 'unconfirmed', status: 201 });
  });

  it("takes another report's signed acknowledgement, replayed for this one, for nothing", async () => {
    let first: Acknowledgement | undefined;
    const { db: tablet, engine } = receiverWorld(
      'replayed',
      tampered((answer) => {
        first ??= answer;
        // The second report is answered with the first one's signature, its members made to match.
        return answer === first ? answer : { ...answer, acknowledgement: first.acknowledgement };
      }),
      { concurrency: 1 },
    );
    const [a, b] = await addQueued(tablet, 2);

    await engine.syncNow();

    expect(await get(tablet, a?.id ?? '')).toMatchObject({ status: 'acknowledged', acknowledgement: first?.acknowledgement });
    expect(await get(tablet, b?.id ?? '')).toMatchObject({ status: 'paused', lastError: { kind: 'unconfirmed' } });
    expect((await get(tablet, b?.id ?? '')).acknowledgement).toBeUndefined();
  });

  it('reads the receipt id and time from what the agency signed, never from the members beside it', async () => {
    const { db: tablet, receiver, engine } = receiverWorld(
      'members',
      tampered((answer) => ({ ...answer, receiptId: 'R-20200101-FORGED0000', receivedAt: '2020-01-01T00:00:00.000Z' })),
    );
    const [item] = await addQueued(tablet, 1);

    await engine.syncNow();

    const copy = (await receiver.stored()).get(item?.id ?? '');
    expect(await get(tablet, item?.id ?? '')).toMatchObject({ status: 'acknowledged', receiptId: copy?.receiptId, receivedAt: copy?.receivedAt });
    expect(copy?.receivedAt).not.toBe('2020-01-01T00:00:00.000Z');
  });

  it('in a batch, holds each result to its own signature', async () => {
    const { db: tablet, receiver, engine } = receiverWorld(
      'batch',
      (receiver) => async (request) => {
        const { status, body } = await receiver.store(request);
        if (!request.batch) return jsonResponse(status, body);
        const results = (body as { results: (Acknowledgement & { status: number })[] }).results;
        const [kept, unsigned, borrowed, restated] = results;
        return jsonResponse(status, {
          results: [
            kept,
            { ...unsigned, acknowledgement: undefined },
            { ...borrowed, acknowledgement: kept?.acknowledgement },
            { ...restated, receivedAt: '2020-01-01T00:00:00.000Z' },
          ],
        });
      },
      { batches: BATCHES, concurrency: 1 },
    );
    const items = await addQueued(tablet, 4);

    await engine.syncNow();

    const copies = await receiver.stored();
    const [kept, unsigned, borrowed, restated] = await Promise.all(items.map((item) => get(tablet, item.id)));
    expect(kept).toMatchObject({ status: 'acknowledged', acknowledgement: copies.get(kept?.id ?? '')?.acknowledgement });
    expect(restated).toMatchObject({ status: 'acknowledged', receivedAt: copies.get(restated?.id ?? '')?.receivedAt });
    for (const item of [unsigned, borrowed]) {
      expect(item).toMatchObject({ status: 'paused', lastError: { kind: 'unconfirmed' } });
      expect(item?.acknowledgement).toBeUndefined();
    }
    expect(engine.getState().pauseReason).toBe('unconfirmed');
  });

  it('says so when the tablet pins no signing key, and goes on by itself once config.json lists one', async () => {
    let pinned: readonly AgencySigningKey[] = [];
    const { db: tablet, receiver, server, engine } = receiverWorld('no-keys', (receiver) => (request) => receiver.handle(request), {
      getSigningKeys: async () => pinned,
      concurrency: 1,
    });
    const items = await addQueued(tablet, 2);

    expect(await engine.syncNow()).toMatchObject({ acknowledged: 0, paused: true });
    expect(engine.getState().pauseReason).toBe('noSigningKey');
    expect(await get(tablet, items[0]?.id ?? '')).toMatchObject({ status: 'paused', lastError: { kind: 'noSigningKey', status: 201 } });
    // Still paused for as long as nothing changes.
    expect(await engine.syncNow()).toMatchObject({ skipped: 'paused' });

    pinned = TEST_SIGNING_KEYS;
    expect(await engine.syncNow()).toMatchObject({ acknowledged: 2, paused: false });

    // The first was stored once; its resend was a replay, answered with the signature stored the first time.
    const copies = await receiver.stored();
    for (const item of items) {
      expect(receiver.inserts.get(item.id)).toBe(1);
      expect((await get(tablet, item.id)).acknowledgement).toBe(copies.get(item.id)?.acknowledgement);
    }
    expect(server.countById().get(items[0]?.id ?? '')).toBe(2);
  });
});

describe('what the tablet keeps of a signed acknowledgement', () => {
  afterEach(lockAndClearTablet);

  it('keeps it after retention erases the content; a report received without proof keeps its content', async () => {
    await unlockTestProfile();
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const draft = await createDraft({});
      await enqueueReport(draft.id, validReportInput());
      ids.push(draft.id);
    }
    const clock = createFakeClock(Date.now());
    const receiver = createTestReceiver({ token: TEST_CONFIG.token, now: clock.now });
    // The first answer is the receiver's own; the second comes without its signature.
    const server = scriptedFetch(tampered((answer) => (answer.id === ids[0] ? answer : { ...answer, acknowledgement: undefined }))(receiver));
    const engine = createSyncEngine({
      db,
      getConfig: async () => TEST_CONFIG,
      getSigningKeys: pinnedAgencySigningKeys,
      fetch: server.fetch,
      clock,
      lock: noLock,
      concurrency: 1,
    });

    await engine.syncNow();
    const [received, unproven] = ids as [string, string];
    const signed = (await get(db, received)).acknowledgement;
    expect(signed).toBe((await receiver.stored()).get(received)?.acknowledgement);

    expect(await eraseAcknowledgedContent(0, clock.now() + 24 * 3600_000)).toBe(1);

    const erased = await get(db, received);
    expect(erased.contentErasedAt).toBeDefined();
    expect(erased.sealedForOwner).toBeUndefined();
    expect(erased.acknowledgement).toBe(signed);
    expect(await verifyAcknowledgement(erased.acknowledgement ?? '', TEST_SIGNING_KEYS)).toMatchObject({ ok: true, statement: { id: received } });
    const kept = await get(db, unproven);
    expect(kept).toMatchObject({ status: 'paused', lastError: { kind: 'unconfirmed' } });
    expect(kept.contentErasedAt).toBeUndefined();
    expect(kept.sealedForAgency).toBeDefined();
    expect(kept.sealedForOwner).toBeDefined();
  });
});
