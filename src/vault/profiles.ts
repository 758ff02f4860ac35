// Profiles on a shared tablet: create, unlock (with a growing delay after
// wrong passphrases), change passphrase, erase. See docs/privacy.md.
import { contentHash } from '../contract/contentHash';
import { SCHEMA_VERSION } from '../contract/protocol';
import { countUnacknowledged } from '../storage/counts';
import { db, type ProfileRecord } from '../storage/db';
import { newId } from '../lib/ids';
import { currentAgencyKey } from './agencyKeys';
import { open, seal } from './crypto';
import { purpose, sealDraftValues, sealReport } from './content';
import { sealWithDeviceKey } from './deviceKey';
import { changePassphraseKeys, createProfileKeys, unlockProfileKeys, WrongPassphraseError, type ProfileSession } from './keys';
import { resealForAgency, retireOutboxKey } from './legacyOutbox';
import { beginSession, requireSession, updateSessionDetails, type ProfileDetails, type UnlockedSession } from './session';

export interface ProfileSummary {
  id: string;
  lockLabel: string;
  failedAttempts: number;
  nextUnlockAt: number;
}

export class TooSoonError extends Error {
  constructor(readonly retryAt: number) {
    super('Wait before trying again');
    this.name = 'TooSoonError';
  }
}

export { WrongPassphraseError };

/** The shortest passphrase the app takes, for a profile or an export file. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Free tries before the delay starts; then 1 s, 2 s, 4 s … up to 5 minutes. */
const FREE_TRIES = 3;
const MAX_DELAY_MS = 5 * 60_000;

export function unlockDelayMs(failedAttempts: number): number {
  if (failedAttempts < FREE_TRIES) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (failedAttempts - FREE_TRIES));
}

export async function listProfiles(): Promise<ProfileSummary[]> {
  const records = await db.profiles.orderBy('id').toArray();
  return records
    .map(({ id, lockLabel, failedAttempts, nextUnlockAt }) => ({ id, lockLabel, failedAttempts, nextUnlockAt }))
    .sort((a, b) => a.lockLabel.localeCompare(b.lockLabel));
}

export interface NewProfile {
  lockLabel: string;
  passphrase: string;
  details: ProfileDetails;
}

/** Creates a profile and unlocks it. It can file and send at once: reports are sealed for the agency, not for a key of the tablet's. */
export async function createProfile(input: NewProfile): Promise<UnlockedSession> {
  const id = newId();
  const { keys, session } = await createProfileKeys(id, input.passphrase);
  const record: ProfileRecord = {
    id,
    createdAt: new Date().toISOString(),
    lockLabel: input.lockLabel.trim(),
    keys,
    details: await seal(session.dataKey, input.details, purpose.profile(id)),
    failedAttempts: 0,
    nextUnlockAt: 0,
  };
  await db.profiles.add(record);
  const unlocked: UnlockedSession = { ...session, lockLabel: record.lockLabel, details: input.details };
  await afterUnlock(unlocked);
  return unlocked;
}

export async function unlockProfile(id: string, passphrase: string, now = Date.now()): Promise<UnlockedSession> {
  const startedAt = performance.now();
  const record = await countUnlockAttempt(id, now);
  // A wrong passphrase needs no write here: the attempt is already counted.
  const session = await unlockProfileKeys(id, record.keys, passphrase);
  await db.profiles.update(id, { failedAttempts: 0, nextUnlockAt: 0 });
  const details = await open<ProfileDetails>(session.dataKey, record.details, purpose.profile(id));
  const unlocked: UnlockedSession = { ...session, lockLabel: record.lockLabel, details };
  // A figure for the benchmarks (no content in it): deriving the key and opening the profile.
  performance.measure('shouhu:unlock', { start: startedAt, end: performance.now() });
  await afterUnlock(unlocked);
  return unlocked;
}

/**
 * Counts an attempt as failed before the passphrase is checked, in one
 * transaction with the check of the delay, so that tabs trying at once each
 * count (a count written after PBKDF2 from an earlier read let them overwrite
 * one another), and a tab closed mid-check still counts. The delay this
 * attempt waits for comes from the attempts before it; its own count only
 * sets the wait for the next one. A right passphrase resets the count.
 */
async function countUnlockAttempt(id: string, now: number): Promise<ProfileRecord> {
  return db.transaction('rw', db.profiles, async () => {
    const record = await db.profiles.get(id);
    if (!record) throw new Error('No such profile');
    if (record.nextUnlockAt > now) throw new TooSoonError(record.nextUnlockAt);
    const failedAttempts = record.failedAttempts + 1;
    await db.profiles.update(id, { failedAttempts, nextUnlockAt: now + unlockDelayMs(failedAttempts) });
    return record;
  });
}

/**
 * What waits for an unlocked profile: data of older versions to seal, and
 * reports to seal for the agency, before the session begins, so that sending,
 * which resumes when it does, finds them due.
 */
async function afterUnlock(session: UnlockedSession): Promise<void> {
  await sealLegacyData(session);
  await resealForAgency(session);
  beginSession(session);
  await retireOutboxKey(session);
}

/**
 * Versions 1-2 of the app stored drafts and reports in clear. The first
 * profile to unlock takes them over and seals them; nothing is dropped.
 */
async function sealLegacyData(session: ProfileSession): Promise<void> {
  const drafts = await db.drafts.filter((draft) => !draft.profileId).toArray();
  for (const draft of drafts) {
    const sealedValues = await sealDraftValues(session, draft.id, draft.values ?? {});
    await db.drafts.put({ id: draft.id, createdAt: draft.createdAt, updatedAt: draft.updatedAt, step: draft.step, profileId: session.profileId, sealedValues });
  }
  const items = await db.outbox.filter((item) => !item.profileId && item.report !== undefined).toArray();
  const agencyKey = await currentAgencyKey();
  for (const item of items) {
    const { report, ...rest } = item;
    if (!report) continue;
    // Version 1 did not hash reports: the hash is part of what is sealed.
    const hash = item.contentHash || (await contentHash(report));
    const fields = { id: item.id, reference: item.reference, contentHash: hash, schemaVersion: SCHEMA_VERSION, createdAt: item.createdAt, submittedAt: item.submittedAt };
    const sealed = await sealReport(session, agencyKey, fields, report);
    await db.outbox.put({ ...rest, ...sealed, contentHash: hash, ...(sealed.sealedForAgency && item.status !== 'acknowledged' && { nextAttemptAt: 0 }), profileId: session.profileId });
  }
  // The old unit profile (clear) is not needed any more: details live in the profile.
  await db.settings.delete('unitProfile');
  // An endpoint token stored in clear is sealed with the tablet's own key, which the sync engine uses while locked.
  for (const key of ['syncSettings', 'deploymentDefaults']) {
    const value = (await db.settings.get(key))?.value as { endpoint?: string; token?: unknown } | undefined;
    if (typeof value?.token !== 'string') continue;
    const { token, ...rest } = value;
    const sealedToken = token ? await sealWithDeviceKey(token, purpose.token) : undefined;
    await db.settings.put({ key, value: { ...rest, ...(sealedToken ? { sealedToken } : {}) } });
  }
}

export async function saveProfileDetails(details: ProfileDetails): Promise<void> {
  const session = requireSession();
  await db.profiles.update(session.profileId, { details: await seal(session.dataKey, details, purpose.profile(session.profileId)) });
  updateSessionDetails(details);
}

export async function changePassphrase(oldPassphrase: string, newPassphrase: string): Promise<void> {
  const session = requireSession();
  const record = await db.profiles.get(session.profileId);
  if (!record) throw new Error('No such profile');
  const keys = await changePassphraseKeys(session.profileId, record.keys, oldPassphrase, newPassphrase);
  await db.profiles.update(session.profileId, { keys });
}

export interface ProfileLoss {
  /** Drafts only this profile can open: erased with it. */
  drafts: number;
  /** Filed reports not yet acknowledged: still sent, locked or not, if sealed for the agency. */
  unsent: number;
  /** Whether all of those are sealed for the agency, or can still be by a colleague who holds the retired outbox key. */
  othersCanSend: boolean;
}

export async function profileLoss(id: string): Promise<ProfileLoss> {
  const drafts = await db.drafts.where('profileId').equals(id).count();
  const unsent = await countUnacknowledged(db, id);
  const unsealed = await db.outbox
    .where('profileId')
    .equals(id)
    .filter((item) => item.status !== 'acknowledged' && item.sealedForAgency === undefined)
    .toArray();
  const someoneHoldsOldKey = (await db.profiles.toArray()).some((profile) => profile.id !== id && profile.keys.outboxGrant);
  const othersCanSend = unsealed.every((item) => item.sealedForSending !== undefined && someoneHoldsOldKey);
  return { drafts, unsent, othersCanSend };
}

/**
 * Erases a profile whose passphrase is forgotten: its record, its drafts and
 * its own copies of reports. Its unsent reports stay sealed for the agency,
 * and are still sent; its receipts cannot be opened any more.
 */
export async function eraseProfile(id: string): Promise<void> {
  await db.transaction('rw', db.profiles, db.drafts, db.outbox, async () => {
    await db.profiles.delete(id);
    await db.drafts.where('profileId').equals(id).delete();
    await db.outbox
      .where('profileId')
      .equals(id)
      .modify((item) => {
        delete item.sealedForOwner;
        delete item.sealedReceipt;
        item.profileId = '';
      });
  });
}
