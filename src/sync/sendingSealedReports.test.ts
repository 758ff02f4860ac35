// Reports sealed for the agency at filing, sent by the sync engine as they
// are, whether anyone is unlocked or not; and a report filed before the tablet
// knew the agency's key, sent once its owner unlocks with the key known.
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../storage/db';
import { createDraft } from '../vault/drafts';
import { enqueueReport } from './queue';
import { createSyncEngine } from './syncEngine';
import { createTestReceiver } from './testing/testReceiver';
import { scriptedFetch } from './testing/scriptedFetch';
import { validReportInput } from '../contract/testing/testReports';
import { openAsTestAgency } from '../contract/testing/agencyTestKey';
import { unlockProfile } from '../vault/profiles';
import { endSession } from '../vault/session';
import { lockAndClearTablet, pinTestAgencyKey, unlockTestProfile } from '../vault/testing/testProfile';
import { noLock } from './testing/receiverWorld';
import { pinnedAgencySigningKeys } from '../vault/agencyKeys';

function engineWithReceiver() {
  const receiver = createTestReceiver({ now: Date.now });
  const fetch = scriptedFetch((request) => receiver.handle(request));
  const engine = createSyncEngine({
    db,
    lock: noLock,
    fetch: fetch.fetch,
    getConfig: async () => ({ endpoint: 'http://127.0.0.1:9/api/reports' }),
    getSigningKeys: pinnedAgencySigningKeys,
  });
  return { engine, receiver };
}

afterEach(lockAndClearTablet);

describe('sending sealed reports', () => {
  it('a filed report is sent while the tablet is locked, sealed so that only the agency reads it', async () => {
    await unlockTestProfile('A', 'pass a');
    const filed = await enqueueReport((await createDraft({})).id, validReportInput({ child: { name: '陈某某' } }));
    endSession();

    const { engine, receiver } = engineWithReceiver();
    await engine.syncNow();
    expect((await db.outbox.get(filed.id))?.status).toBe('acknowledged');
    const stored = (await receiver.stored()).get(filed.id);
    expect(stored?.sealedReport).toBe(filed.sealedForAgency);
    expect(JSON.stringify(stored)).not.toContain('陈某某');
    const { report, header } = await openAsTestAgency(stored?.sealedReport ?? '');
    expect(JSON.stringify(report)).toContain('陈某某');
    expect(header).toMatchObject({ id: filed.id, reference: filed.reference, contentHash: filed.contentHash, submittedAt: filed.submittedAt });
  });

  it('a report filed before the tablet knew the agency key waits, then goes once its owner unlocks with the key known', async () => {
    const a = await unlockTestProfile('A', 'pass a');
    await db.settings.delete('agencyKeys');
    const filed = await enqueueReport((await createDraft({})).id, validReportInput());
    expect(filed.sealedForAgency).toBeUndefined();
    endSession();
    const first = engineWithReceiver();
    await first.engine.syncNow();
    expect((await first.receiver.stored()).size).toBe(0);
    expect((await db.outbox.get(filed.id))?.status).toBe('queued');

    await pinTestAgencyKey(); // config.json read, naming the key
    await unlockProfile(a.profileId, 'pass a');
    endSession();
    const second = engineWithReceiver();
    await second.engine.syncNow();
    expect((await db.outbox.get(filed.id))?.status).toBe('acknowledged');
    expect((await second.receiver.stored()).get(filed.id)?.contentHash).toBe(filed.contentHash);
  });
});
