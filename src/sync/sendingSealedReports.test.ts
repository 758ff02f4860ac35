// Reports sealed by one profile, sent by the sync engine while another is unlocked, or not at all while locked.
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../storage/db';
import { createDraft } from '../vault/drafts';
import { enqueueReport } from './queue';
import { createSyncEngine } from './syncEngine';
import { createTestReceiver } from './testing/testReceiver';
import { scriptedFetch } from './testing/scriptedFetch';
import { validReportInput } from '../contract/testing/testReports';
import { openReportForSending } from '../vault/content';
import { unlockProfile } from '../vault/profiles';
import { currentSession, endSession } from '../vault/session';
import { lockAndClearTablet, unlockTestProfile } from '../vault/testing/testProfile';
import { noLock } from './testing/receiverWorld';


function engineWithReceiver() {
  const receiver = createTestReceiver({ now: Date.now });
  const fetch = scriptedFetch((request) => receiver.handle(request));
  const engine = createSyncEngine({
    db,
    lock: noLock,
    fetch: fetch.fetch,
    getConfig: async () => ({ endpoint: 'http://127.0.0.1:9/api/reports' }),
    openReport: (item) => openReportForSending(currentSession(), item),
  });
  return { engine, receiver };
}

afterEach(lockAndClearTablet);

describe('sending sealed reports', () => {
  it('a report queued by one profile is sent while another is unlocked', async () => {
    await unlockTestProfile('A', 'pass a');
    const draft = await createDraft({});
    const filed = await enqueueReport(draft.id, validReportInput({ child: { name: '陈某某' } }));
    // A adds a colleague: B is granted the outbox key at once.
    const b = await unlockTestProfile('B', 'pass b');
    endSession();
    await unlockProfile(b.profileId, 'pass b');

    const { engine, receiver } = engineWithReceiver();
    await engine.syncNow();
    expect((await db.outbox.get(filed.id))?.status).toBe('acknowledged');
    expect(JSON.stringify((await receiver.stored()).get(filed.id)?.report)).toContain('陈某某');
    // The stored record stayed sealed: the engine opened the report for the request only.
    expect(JSON.stringify(await db.outbox.get(filed.id))).not.toContain('陈某某');
  });

  it('a profile made while nobody could grant it the outbox key sends once a colleague has unlocked', async () => {
    const a = await unlockTestProfile('A', 'pass a');
    endSession();
    const b = await unlockTestProfile('B', 'pass b');
    const draft = await createDraft({});
    const filed = await enqueueReport(draft.id, validReportInput());
    const first = engineWithReceiver();
    await first.engine.syncNow();
    expect(await db.outbox.get(filed.id)).toMatchObject({ status: 'queued', attempts: 0 });

    endSession();
    await unlockProfile(a.profileId, 'pass a'); // A's unlock grants B the key
    endSession();
    await unlockProfile(b.profileId, 'pass b');
    const second = engineWithReceiver();
    await second.engine.syncNow();
    expect((await db.outbox.get(filed.id))?.status).toBe('acknowledged');
  });

  it('while locked nothing is sent and nothing counts as an attempt', async () => {
    await unlockTestProfile('A', 'pass a');
    const draft = await createDraft({});
    const filed = await enqueueReport(draft.id, validReportInput());
    endSession();

    const { engine, receiver } = engineWithReceiver();
    await engine.syncNow();
    expect(await db.outbox.get(filed.id)).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await receiver.stored()).size).toBe(0);
  });
});

describe('sealing for sending, per session', () => {
  it('reports filed in one unlocked session share a data key for sending; the next session has its own', async () => {
    const a = await unlockTestProfile('A', 'pass a');
    const wrappedKeyOf = async (id: string) => (await db.outbox.get(id))?.sealedForSending?.wrappedKey;
    const fileOne = async () => (await enqueueReport((await createDraft({})).id, validReportInput())).id;
    const first = await fileOne();
    const second = await fileOne();
    expect(await wrappedKeyOf(first)).toEqual(await wrappedKeyOf(second));
    endSession();
    await unlockProfile(a.profileId, 'pass a');
    const third = await fileOne();
    expect(await wrappedKeyOf(third)).not.toEqual(await wrappedKeyOf(first));

    const { engine, receiver } = engineWithReceiver();
    await engine.syncNow();
    expect([...(await receiver.stored()).keys()].sort()).toEqual([first, second, third].sort());
  });
});
