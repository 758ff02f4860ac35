// The key hierarchy (see docs/privacy.md):
//
//   passphrase ──PBKDF2-SHA-256, 600,000 rounds──▶ wrapping key (never stored)
//   wrapping key ──wraps──▶ the profile's data key (AES-GCM-256, random)
//   data key ──seals──▶ the profile's details, drafts, its copy of each report
//                       and receipt
//
// Reports are sent sealed for the agency (src/contract/sealedReport.ts): no
// key on the tablet opens what is sent. Profiles made before that have an
// RSA key pair and a grant of the retired tablet outbox key; both are opened
// at unlock only to reseal what was queued under them (legacyOutbox.ts).
//
// Changing a passphrase re-wraps the data key; nothing else is re-encrypted.
import {
  deriveWrappingKey,
  generateAesKey,
  openPrivateKeyWith,
  PBKDF2_ITERATIONS,
  randomBytes,
  TamperedError,
  unwrapAesKey,
  unwrapPrivateKey,
  wrapKey,
} from './crypto';
import type { ProfileKeys } from '../storage/sealed';

/** What an unlocked profile holds in memory, and drops when it locks. */
export interface ProfileSession {
  profileId: string;
  dataKey: CryptoKey;
  /** The retired tablet outbox key, for a profile granted it before reports were sealed for the agency: it opens what was queued then. */
  outboxPrivateKey?: CryptoKey;
}

export class WrongPassphraseError extends Error {
  constructor() {
    super('The passphrase is not right');
    this.name = 'WrongPassphraseError';
  }
}

const context = {
  dataKey: (profileId: string) => `profile-data-key:${profileId}`,
  privateKey: (profileId: string) => `profile-private-key:${profileId}`,
  outboxGrant: (profileId: string) => `outbox-grant:${profileId}`,
};

/** New keys for a profile, and its session. */
export async function createProfileKeys(profileId: string, passphrase: string): Promise<{ keys: ProfileKeys; session: ProfileSession }> {
  const salt = randomBytes(16);
  const wrappingKey = await deriveWrappingKey(passphrase, salt, PBKDF2_ITERATIONS);
  const dataKey = await generateAesKey(true);
  const keys: ProfileKeys = {
    kdf: { salt, iterations: PBKDF2_ITERATIONS },
    wrappedDataKey: await wrapKey(dataKey, wrappingKey, context.dataKey(profileId)),
  };
  // The session's copy is not extractable: nothing in memory can be exported by accident.
  const session: ProfileSession = { profileId, dataKey: await unwrapAesKey(keys.wrappedDataKey, wrappingKey, context.dataKey(profileId)) };
  return { keys, session };
}

export async function unlockProfileKeys(profileId: string, keys: ProfileKeys, passphrase: string): Promise<ProfileSession> {
  const wrappingKey = await deriveWrappingKey(passphrase, keys.kdf.salt, keys.kdf.iterations);
  let dataKey: CryptoKey;
  try {
    dataKey = await unwrapAesKey(keys.wrappedDataKey, wrappingKey, context.dataKey(profileId));
  } catch (error) {
    // AES-GCM cannot tell a wrong passphrase from an altered record: both fail here.
    if (error instanceof TamperedError) throw new WrongPassphraseError();
    throw error;
  }
  const session: ProfileSession = { profileId, dataKey };
  if (keys.outboxGrant && keys.sealedPrivateKey) {
    const privateKey = await unwrapPrivateKey(keys.sealedPrivateKey, dataKey, context.privateKey(profileId));
    session.outboxPrivateKey = await openPrivateKeyWith(keys.outboxGrant, privateKey, context.outboxGrant(profileId));
  }
  return session;
}

/**
 * Re-wraps the data key under a new passphrase, with as many rounds as the
 * old one: every record sealed with it stays readable.
 */
export async function changePassphraseKeys(profileId: string, keys: ProfileKeys, oldPassphrase: string, newPassphrase: string): Promise<ProfileKeys> {
  const oldWrappingKey = await deriveWrappingKey(oldPassphrase, keys.kdf.salt, keys.kdf.iterations);
  let dataKey: CryptoKey;
  try {
    dataKey = await unwrapAesKey(keys.wrappedDataKey, oldWrappingKey, context.dataKey(profileId), true);
  } catch (error) {
    if (error instanceof TamperedError) throw new WrongPassphraseError();
    throw error;
  }
  const salt = randomBytes(16);
  const { iterations } = keys.kdf;
  const newWrappingKey = await deriveWrappingKey(newPassphrase, salt, iterations);
  return { ...keys, kdf: { salt, iterations }, wrappedDataKey: await wrapKey(dataKey, newWrappingKey, context.dataKey(profileId)) };
}
