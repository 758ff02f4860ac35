// For unit tests: a profile on the shared test database, unlocked (with few PBKDF2 rounds: see src/test-setup.ts),
// on a tablet whose deployment names the test agency key, and the tablet
// locked and emptied again after each test.
import { TEST_SIGNING_KEYS } from '../../contract/testing/agencySigningTestKey';
import { TEST_AGENCY_KEYS } from '../../contract/testing/agencyTestKey';
import { db } from '../../storage/db';
import { pinAgencyKeys } from '../agencyKeys';
import { createProfile } from '../profiles';
import { endSession, type UnlockedSession } from '../session';

/** The tablet has read a config.json that names the test agency key, and the test signing key its receivers sign with. */
export const pinTestAgencyKey = () => pinAgencyKeys({ agencyKeys: TEST_AGENCY_KEYS, agencySigningKeys: TEST_SIGNING_KEYS });

export async function unlockTestProfile(lockLabel = 'Test', passphrase = 'test passphrase'): Promise<UnlockedSession> {
  await pinTestAgencyKey();
  return createProfile({
    lockLabel,
    passphrase,
    details: { name: '王老师', unitName: '青山村小学', unitType: 'school', position: '班主任', phone: '13800138000' },
  });
}

/** Locks, and empties what profiles, drafts and reports left on the shared test database. */
export async function lockAndClearTablet(): Promise<void> {
  endSession();
  await Promise.all([db.drafts.clear(), db.outbox.clear(), db.profiles.clear(), db.settings.clear()]);
}
