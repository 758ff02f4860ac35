// The batched steps of sending: claiming several reports in one transaction,
// putting back what was not sent, and writing several outcomes at once. Each
// must keep what the one-report steps guarantee.
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF } from './backoff';
import { openDatabase, type OutboxItem, type ShouhuDatabase } from '../storage/db';
import { claimBatch, dueIds, recordOutcomes, releaseClaims, type OutcomeEntry } from './outboxTransitions';
import { readSendingPause } from './sendingPause';
import { addQueued, freshDatabase, RECEIVED_AT } from '../storage/testing/fixtures';

const NOW = Date.UTC(2026, 10, 22, 8, 0);
const context = { random: () => 0.5, backoff: DEFAULT_BACKOFF, configFingerprint: 'fingerprint-1' };

const get = async (db: ShouhuDatabase, id: string): Promise<OutboxItem> => {
  const item = await db.outbox.get(id);
  if (!item) throw new Error(`no item ${id}`);
  return item;
};

const idsOf = (items: readonly OutboxItem[]) => items.map((item) => item.id);

/** Claims all of `items` (as a pass would before sending them). */
async function claimAll(db: ShouhuDatabase, items: readonly OutboxItem[]): Promise<OutboxItem[]> {
  const claimed = await claimBatch(db, idsOf(items), NOW);
  expect(claimed).toHaveLength(items.length);
  return claimed;
}

describe('dueIds', () => {
  it('lists the queued reports due by now, oldest filed first, and nothing else', async () => {
    const { db } = freshDatabase('due');
    const [newest, oldest, middle] = await addQueued(db, 3);
    if (!newest || !oldest || !middle) throw new Error('not added');
    await db.outbox.update(newest.id, { submittedAt: '2026-11-22T07:30:00.000Z' });
    await db.outbox.update(oldest.id, { submittedAt: '2026-11-22T07:10:00.000Z', nextAttemptAt: NOW - 1 });
    await db.outbox.update(middle.id, { submittedAt: '2026-11-22T07:20:00.000Z', nextAttemptAt: NOW });
    await addQueued(db, 1, { nextAttemptAt: NOW + 1 }); // not yet due
    await addQueued(db, 1, { status: 'sending' });
    await addQueued(db, 1, { status: 'acknowledged' });
    await addQueued(db, 1, { status: 'paused' });

    expect(await dueIds(db, NOW)).toEqual([oldest.id, middle.id, newest.id]);
  });

  it('is empty when nothing is due', async () => {
    const { db } = freshDatabase('due');
    await addQueued(db, 2, { nextAttemptAt: NOW + 1 });
    expect(await dueIds(db, NOW)).toEqual([]);
  });
});

describe('claimBatch', () => {
  it('claims the queued and due reports among the ids, in their order, and leaves the others alone', async () => {
    const { db } = freshDatabase('claim');
    const due = await addQueued(db, 3);
    const [later] = await addQueued(db, 1, { nextAttemptAt: NOW + 1 });
    const [sending] = await addQueued(db, 1, { status: 'sending', lastAttemptAt: '2026-11-22T07:00:00.000Z' });
    const [acknowledged] = await addQueued(db, 1, { status: 'acknowledged' });
    if (!later || !sending || !acknowledged) throw new Error('not added');
    const before = await db.outbox.bulkGet([later.id, sending.id, acknowledged.id]);

    const ids = [due[2], later, due[0], sending, acknowledged, due[1]].map((item) => item?.id ?? '');
    const claimed = await claimBatch(db, [...ids, 'no-such-report'], NOW);

    expect(idsOf(claimed)).toEqual([due[2]?.id, due[0]?.id, due[1]?.id]);
    for (const item of claimed) {
      expect(item).toMatchObject({ status: 'sending', lastAttemptAt: new Date(NOW).toISOString(), attempts: 0 });
      expect(await get(db, item.id)).toEqual(item);
    }
    expect(await db.outbox.bulkGet([later.id, sending.id, acknowledged.id])).toEqual(before);
  });

  it('claims a report named twice once', async () => {
    const { db } = freshDatabase('claim');
    const [item] = await addQueued(db, 1);
    expect(idsOf(await claimBatch(db, [item?.id ?? '', item?.id ?? ''], NOW))).toEqual([item?.id]);
  });

  it('a report already claimed is not claimed again', async () => {
    const { db } = freshDatabase('claim');
    const items = await addQueued(db, 4);
    await claimBatch(db, idsOf(items.slice(0, 2)), NOW);
    expect(idsOf(await claimBatch(db, idsOf(items), NOW))).toEqual(idsOf(items.slice(2)));
  });

  it('two connections claiming overlapping batches at once never get the same report', async () => {
    const { db, name } = freshDatabase('claim-race');
    const other = openDatabase(name);
    const items = await addQueued(db, 60);
    const ids = idsOf(items);
    // Each connection claims every report, in batches that overlap the other's differently.
    const batches = (size: number, offset: number) =>
      Array.from({ length: Math.ceil(ids.length / size) + 1 }, (_, i) => {
        const start = i * size - offset;
        return ids.slice(Math.max(0, start), Math.max(0, start + size));
      }).filter((batch) => batch.length > 0);
    const claims = await Promise.all([
      ...batches(16, 0).map((batch) => claimBatch(db, batch, NOW)),
      ...batches(12, 5).map((batch) => claimBatch(other, [...batch].reverse(), NOW)),
    ]);
    other.close();

    const claimedIds = claims.flatMap(idsOf);
    expect(new Set(claimedIds).size).toBe(claimedIds.length); // nobody got a report twice
    expect([...claimedIds].sort()).toEqual([...ids].sort()); // and every report went to someone
  });
});

describe('releaseClaims', () => {
  it('puts claimed reports back in the queue untouched, not as an attempt', async () => {
    const { db } = freshDatabase('release');
    const items = await addQueued(db, 3, { attempts: 2, lastError: { kind: 'network', at: '2026-11-22T07:00:00.000Z' } });
    const claimed = await claimAll(db, items);
    await releaseClaims(db, claimed);
    for (const item of claimed) {
      expect(await get(db, item.id)).toEqual({ ...item, status: 'queued' });
    }
    expect(await dueIds(db, NOW)).toHaveLength(3);
  });

  it('leaves alone a report whose claim was taken over, or that has moved on', async () => {
    const { db } = freshDatabase('release');
    const [recovered, acknowledged, untouched] = await claimAll(db, await addQueued(db, 3));
    if (!recovered || !acknowledged || !untouched) throw new Error('not claimed');
    // Another sender recovered the first and claimed it for itself, later; the second got acknowledged.
    await db.outbox.update(recovered.id, { status: 'queued' });
    const [reclaimed] = await claimBatch(db, [recovered.id], NOW + 1_000);
    await db.outbox.update(acknowledged.id, { status: 'acknowledged' });

    await releaseClaims(db, [recovered, acknowledged, untouched]);
    expect(await get(db, recovered.id)).toEqual(reclaimed);
    expect((await get(db, acknowledged.id)).status).toBe('acknowledged');
    expect((await get(db, untouched.id)).status).toBe('queued');
  });
});

describe('recordOutcomes', () => {
  const acknowledged = (sent: OutboxItem, receiptId: string): OutcomeEntry => ({
    sent,
    outcome: { kind: 'acknowledged', status: 201, receiptId, receivedAt: '2026-11-22T08:00:01.000Z', acknowledgement: `signed-${receiptId}` },
    now: NOW,
  });

  it('writes a group of outcomes as writing each alone does', async () => {
    const { db } = freshDatabase('record');
    const twin = freshDatabase('record-twin').db;
    const items = await addQueued(db, 4);
    await twin.outbox.bulkAdd(items);
    const outcomes: OutcomeEntry['outcome'][] = [
      { kind: 'acknowledged', status: 201, receiptId: 'R-1', receivedAt: RECEIVED_AT, acknowledgement: 'signed-R-1' },
      { kind: 'retry', reason: 'server', status: 503 },
      { kind: 'rejected', status: 422, message: 'error.invalid', fields: [{ path: 'child.name', message: 'error.required' }] },
      { kind: 'conflict', status: 409 },
    ];
    const claimed = await claimAll(db, items);
    const twinClaimed = await claimAll(twin, items);

    const stored = await recordOutcomes(
      db,
      claimed.map((sent, i) => ({ sent, outcome: outcomes[i] ?? { kind: 'retry', reason: 'network' }, now: NOW + i })),
      context,
    );
    for (const [i, sent] of twinClaimed.entries()) {
      const [one] = await recordOutcomes(twin, [{ sent, outcome: outcomes[i] ?? { kind: 'retry', reason: 'network' }, now: NOW + i }], context);
      expect(stored[i]).toEqual(one);
      expect(await get(db, sent.id)).toEqual(await get(twin, sent.id));
    }
    expect((await db.outbox.toArray()).map((item) => item.status).sort()).toEqual(['acknowledged', 'conflict', 'queued', 'rejected']);
    expect(await readSendingPause(db)).toBeUndefined();
  });

  it('ignores an outcome for a report corrected meanwhile, and writes the rest of the group', async () => {
    const { db } = freshDatabase('record');
    const [corrected, other] = await claimAll(db, await addQueued(db, 2));
    if (!corrected || !other) throw new Error('not claimed');
    await db.outbox.update(corrected.id, { status: 'queued', contentHash: 'sha256:corrected' });
    const before = await get(db, corrected.id);

    const stored = await recordOutcomes(db, [acknowledged(corrected, 'R-1'), acknowledged(other, 'R-2')], context);
    expect(stored[0]).toBeUndefined();
    expect(await get(db, corrected.id)).toEqual(before);
    expect(await get(db, other.id)).toMatchObject({ status: 'acknowledged', receiptId: 'R-2', attempts: 1 });
  });

  it('ignores an outcome for a report no longer in "sending" or "queued"', async () => {
    const { db } = freshDatabase('record');
    const [item] = await claimAll(db, await addQueued(db, 1));
    if (!item) throw new Error('not claimed');
    await recordOutcomes(db, [acknowledged(item, 'R-1')], context);
    // A sender that comes back late with another answer for it.
    await recordOutcomes(db, [{ sent: item, outcome: { kind: 'retry', reason: 'network' }, now: NOW }, acknowledged(item, 'R-2')], context);
    expect(await get(db, item.id)).toMatchObject({ status: 'acknowledged', receiptId: 'R-1', attempts: 1 });
  });

  it('applies two outcomes for one report in order, as two calls would', async () => {
    const { db } = freshDatabase('record');
    const [item] = await claimAll(db, await addQueued(db, 1));
    if (!item) throw new Error('not claimed');
    await recordOutcomes(db, [acknowledged(item, 'R-1'), { sent: item, outcome: { kind: 'retry', reason: 'network' }, now: NOW }], context);
    expect(await get(db, item.id)).toMatchObject({ status: 'acknowledged', receiptId: 'R-1', attempts: 1 });
  });

  it('keeps the pause with the outcome that caused it', async () => {
    const { db } = freshDatabase('record');
    const [refused, acked] = await claimAll(db, await addQueued(db, 2));
    if (!refused || !acked) throw new Error('not claimed');
    await recordOutcomes(
      db,
      [{ sent: refused, outcome: { kind: 'paused', reason: 'auth', status: 401 }, now: NOW + 5 }, acknowledged(acked, 'R-2')],
      context,
    );
    expect(await get(db, refused.id)).toMatchObject({ status: 'paused', lastError: { kind: 'auth', status: 401 } });
    expect((await get(db, acked.id)).status).toBe('acknowledged');
    expect(await readSendingPause(db)).toEqual({
      configFingerprint: 'fingerprint-1',
      reason: 'auth',
      status: 401,
      at: new Date(NOW + 5).toISOString(),
    });
  });

  it('each outcome is timed by when its answer came, not by when the group is written', async () => {
    const { db } = freshDatabase('record');
    const [first, second] = await claimAll(db, await addQueued(db, 2));
    if (!first || !second) throw new Error('not claimed');
    await recordOutcomes(
      db,
      [
        { sent: first, outcome: { kind: 'retry', reason: 'server', status: 503, retryAfterMs: 1_000 }, now: NOW },
        { sent: second, outcome: { kind: 'acknowledged', status: 201, receiptId: 'R-1', receivedAt: RECEIVED_AT, acknowledgement: 'signed-R-1' }, now: NOW + 7_000 },
      ],
      context,
    );
    expect((await get(db, first.id)).nextAttemptAt).toBe(NOW + 1_000);
    expect((await get(db, second.id)).acknowledgedAt).toBe(new Date(NOW + 7_000).toISOString());
  });
});
