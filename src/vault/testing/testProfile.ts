// For unit tests: a profile on the shared test database, unlocked (with few PBKDF2 rounds: see src/test-setup.ts).
import { createProfile } from '../profiles';
import type { UnlockedSession } from '../session';

export function unlockTestProfile(lockLabel = 'Test', passphrase = 'test passphrase'): Promise<UnlockedSession> {
  return createProfile({
    lockLabel,
    passphrase,
    details: { name: '王老师', unitName: '青山村小学', unitType: 'school', position: '班主任', phone: '13800138000' },
  });
}
