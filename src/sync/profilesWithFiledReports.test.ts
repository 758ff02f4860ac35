// Profiles with drafts and filed reports: what stays sealed, unlocking, a changed passphrase, erasing a profile (here, beside the queue that files them).
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../storage/db';
import { createDraft } from '../vault/drafts';
import { enqueueReport } from './queue';
import { validReportInput } from '../contract/testing/testReports';
import {
  changePassphrase,
  eraseProfile,
  listProfiles,
  profileLoss,
  TooSoonError,
  unlockDelayMs,
  unlockProfile,
  WrongPassphraseError,
} from '../vault/profiles';
import { currentSession, endSession } from '../vault/session';
import { lockAndClearTablet, unlockTestProfile } from '../vault/testing/testProfile';

afterEach(lockAndClearTablet);

describe('profiles', () => {
  it('list only the lock-screen label in clear; details are sealed', async () => {
    await unlockTestProfile('王', 'pw');
    expect(await listProfiles()).toEqual([expect.objectContaining({ lockLabel: '王', failedAttempts: 0 })]);
    const raw = JSON.stringify(await db.profiles.toArray(), (_k, v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v));
    expect(raw).not.toContain('13800138000');
    expect(raw).not.toContain('青山村小学');
    expect(currentSession()?.details.phone).toBe('13800138000');
  });

  it('a wrong passphrase fails cleanly, and repeated failures make the next try wait longer', async () => {
    const { profileId } = await unlockTestProfile('A', 'right');
    endSession();
    const start = Date.UTC(2026, 0, 1);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await expect(unlockProfile(profileId, 'wrong', start)).rejects.toBeInstanceOf(WrongPassphraseError);
    }
    // The third failure starts the delay: trying again at once is refused without checking the passphrase.
    await expect(unlockProfile(profileId, 'right', start)).rejects.toBeInstanceOf(TooSoonError);
    await expect(unlockProfile(profileId, 'wrong', start + 1_000)).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(unlockProfile(profileId, 'right', start + 2_000)).rejects.toBeInstanceOf(TooSoonError);
    expect(unlockDelayMs(3)).toBe(1000);
    expect(unlockDelayMs(4)).toBe(2000);
    expect(unlockDelayMs(5)).toBeGreaterThan(unlockDelayMs(4));
    expect(unlockDelayMs(100)).toBe(5 * 60_000);
    const session = await unlockProfile(profileId, 'right', start + 5_000);
    expect(session.details.name).toBe('王老师');
    expect((await listProfiles())[0]?.failedAttempts).toBe(0);
  });

  it('a changed passphrase opens everything written before', async () => {
    const { profileId } = await unlockTestProfile('A', 'old');
    const draft = await createDraft(validReportInput({ child: { name: '旧名' } }));
    await changePassphrase('old', 'new');
    endSession();
    await expect(unlockProfile(profileId, 'old')).rejects.toBeInstanceOf(WrongPassphraseError);
    await unlockProfile(profileId, 'new');
    const { openDraft } = await import('../vault/drafts');
    expect((await openDraft(draft.id))?.values.child?.name).toBe('旧名');
  });

  it('erasing a forgotten profile says what is lost, and keeps its unsent reports, sealed for the agency, to be sent', async () => {
    const a = await unlockTestProfile('A', 'a');
    await createDraft({});
    const filed = await createDraft({});
    await enqueueReport(filed.id, validReportInput());
    await unlockTestProfile('B', 'b');
    endSession();
    expect(await profileLoss(a.profileId)).toEqual({ drafts: 1, unsent: 1, othersCanSend: true });
    await eraseProfile(a.profileId);
    expect((await listProfiles()).map((p) => p.lockLabel)).toEqual(['B']);
    expect(await db.drafts.count()).toBe(0);
    const item = await db.outbox.get(filed.id);
    expect(item?.sealedForAgency).toBeDefined();
    expect(item?.sealedForOwner).toBeUndefined();
  });

  it('says a report not yet sealed for the agency is lost with its owner when nobody else can seal it', async () => {
    const a = await unlockTestProfile('A', 'a');
    await db.settings.delete('agencyKeys'); // a tablet that has not read config.json yet
    await enqueueReport((await createDraft({})).id, validReportInput());
    endSession();
    expect(await profileLoss(a.profileId)).toEqual({ drafts: 0, unsent: 1, othersCanSend: false });
  });
});
