// Reports queued under the retired tablet outbox key (the release before
// sealing for the agency) are all sent after the upgrade: resealed for the
// agency at the next unlock of a profile that can open them, none lost, none
// sent twice; then the outbox key, its grants and the old token seal are gone.
import { afterEach, describe, expect, it } from 'vitest';
import { openAsTestAgency } from '../contract/testing/agencyTestKey';
import { db, type OutboxItem } from '../storage/db';
import { validReport } from '../storage/testing/fixtures';
import { LEGACY_OUTBOX_PUBLIC_KEY } from '../vault/legacyOutbox';
import { eraseProfile, unlockProfile } from '../vault/profiles';
import { endSession } from '../vault/session';
import { legacyTablet } from '../vault/testing/legacyTablet';
import { lockAndClearTablet, unlockTestProfile } from '../vault/testing/testProfile';
import { createSyncEngine } from './syncEngine';
import { loadUserSettings } from './syncSettings';
import { scriptedFetch } from './testing/scriptedFetch';
import { createTestReceiver } from './testing/testReceiver';
import { noLock } from './testing/receiverWorld';
import { pinnedAgencySigningKeys } from '../vault/agencyKeys';

function engineWithReceiver() {
  const receiver = createTestReceiver({ now: Date.now });
  const server = scriptedFetch((request) => receiver.handle(request));
  const engine = createSyncEngine({
    db,
    lock: noLock,
    fetch: server.fetch,
    getConfig: async () => ({ endpoint: 'http://127.0.0.1:9/api/reports' }),
    getSigningKeys: pinnedAgencySigningKeys,
  });
  return { engine, receiver, server };
}

/** A tablet of the old release: A and B granted the outbox key, reports of both (and of a profile since erased) queued in every state. */
async function upgradedTablet() {
  const a = await unlockTestProfile('A', 'pass a');
  const b = await unlockTestProfile('B', 'pass b');
  const gone = await unlockTestProfile('Gone', 'pass gone');
  const old = await legacyTablet();
  for (const session of [a, b, gone]) await old.grant(session);
  const queued: OutboxItem[] = [
    await old.queue(a, validReport('A, queued.')),
    await old.queue(a, validReport('A, waiting out a backoff.'), { attempts: 2, nextAttemptAt: Date.now() + 600_000, lastError: { kind: 'network', at: '2026-11-22T08:00:00.000Z' } }),
    await old.queue(a, validReport('A, refused by the old receiver.'), {
      status: 'rejected',
      attempts: 1,
      lastError: { kind: 'rejected', status: 422, fields: [{ path: 'incident.discoveredAt', message: 'error.future' }], at: '2026-11-22T08:00:00.000Z' },
    }),
    await old.queue(a, validReport('A, left sending by a sender that died.'), { status: 'sending' }),
    await old.queue(b, validReport('B, queued.')),
    await old.queue(gone, validReport('Of a profile erased since.')),
  ];
  const acknowledged = await old.queue(a, validReport('A, acknowledged.'), {
    status: 'acknowledged',
    receiptId: 'R-1',
    receivedAt: '2026-11-22T08:00:05.000Z',
    acknowledgedAt: '2026-11-22T08:00:05.000Z',
    contentKeptSince: Date.now(),
  });
  await old.storeToken('http://127.0.0.1:9/api/reports', 'the-old-token');
  endSession();
  await eraseProfile(gone.profileId);
  return { a, b, queued, acknowledged };
}

afterEach(lockAndClearTablet);

describe('the reports queued before sealing for the agency', () => {
  it('are all sent after the upgrade, sealed for the agency, once each, when a profile granted the old key unlocks', async () => {
    const { a, queued, acknowledged } = await upgradedTablet();

    // Locked, the new engine sends none of them (it never sends anything not sealed for the agency), and loses none.
    const locked = engineWithReceiver();
    await locked.engine.syncNow();
    expect((await locked.receiver.stored()).size).toBe(0);
    expect(await db.outbox.count()).toBe(queued.length + 1);

    await unlockProfile(a.profileId, 'pass a');
    endSession();
    const { engine, receiver } = engineWithReceiver();
    await engine.syncNow();

    expect([...(await receiver.stored()).keys()].sort()).toEqual(queued.map((item) => item.id).sort());
    expect([...receiver.inserts.values()].every((count) => count === 1)).toBe(true);
    for (const item of queued) {
      expect(await db.outbox.get(item.id)).toMatchObject({ status: 'acknowledged', contentHash: item.contentHash });
      // What arrived is the very report that was queued, readable by the agency only.
      const { report, header } = await openAsTestAgency((await receiver.stored()).get(item.id)?.sealedReport ?? '');
      expect(header).toMatchObject({ id: item.id, reference: item.reference, contentHash: item.contentHash });
      expect(report).toEqual(validReport((report as { incident: { narrative: string } }).incident.narrative));
      expect((await db.outbox.get(item.id))?.sealedForSending).toBeUndefined();
    }
    // The acknowledged report keeps its receipt and owner copy; its copy sealed to the old key is gone.
    expect(await db.outbox.get(acknowledged.id)).toMatchObject({ status: 'acknowledged', receiptId: 'R-1' });
    expect((await db.outbox.get(acknowledged.id))?.sealedForSending).toBeUndefined();
    // The old key is retired: no grant, no public key; the token is kept, readable while locked.
    expect(await db.settings.get(LEGACY_OUTBOX_PUBLIC_KEY)).toBeUndefined();
    for (const profile of await db.profiles.toArray()) {
      expect(profile.keys.outboxGrant).toBeUndefined();
      expect(profile.keys.sealedPrivateKey).toBeUndefined();
    }
    expect(await loadUserSettings()).toMatchObject({ token: 'the-old-token' });
  });

  it('wait, parked, while only a profile that cannot open them unlocks; its own go at once', async () => {
    const { a, b, queued } = await upgradedTablet();
    // B loses its grant (as a profile made after the upgrade has none): it can reseal only its own report.
    const record = await db.profiles.get(b.profileId);
    if (!record) throw new Error('B is missing');
    const { outboxGrant: _dropped, ...keys } = record.keys;
    await db.profiles.update(b.profileId, { keys });

    await unlockProfile(b.profileId, 'pass b');
    endSession();
    const first = engineWithReceiver();
    await first.engine.syncNow();
    const bOwn = queued.filter((item) => item.profileId === b.profileId).map((item) => item.id);
    expect([...(await first.receiver.stored()).keys()]).toEqual(bOwn);
    // The rest wait without a request, and the old key stays until they are sealed.
    expect(first.server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(await db.settings.get(LEGACY_OUTBOX_PUBLIC_KEY)).toBeDefined();

    await unlockProfile(a.profileId, 'pass a');
    endSession();
    const second = engineWithReceiver();
    await second.engine.syncNow();
    const sent = [...(await first.receiver.stored()).keys(), ...(await second.receiver.stored()).keys()].sort();
    expect(sent).toEqual(queued.map((item) => item.id).sort());
  });
});
