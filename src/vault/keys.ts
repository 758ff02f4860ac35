// The key hierarchy (see docs/privacy.md):
//
//   passphrase ──PBKDF2-SHA-256, 600,000 rounds──▶ wrapping key (never stored)
//   wrapping key ──wraps──▶ the profile's data key (AES-GCM-256, random)
//   data key ──seals──▶ the profile's details, drafts, its copy of each report
//                       and receipt, and its private key (RSA-OAEP-2048)
//   the tablet's outbox key pair (RSA-OAEP-2048): the public key is in clear,
//     so anyone can seal a report or the endpoint token for sending; the
//     private key is granted to each profile, sealed to that profile's public
//     key, so any unlocked profile can send every profile's queued reports.
//
// Changing a passphrase re-wraps the data key; nothing else is re-encrypted.
import {
  deriveWrappingKey,
  exportPublicKey,
  generateAesKey,
  generateKeyPair,
  importPublicKey,
  openPrivateKeyWith,
  PBKDF2_ITERATIONS,
  randomBytes,
  sealPrivateKeyFor,
  TamperedError,
  unwrapAesKey,
  unwrapPrivateKey,
  wrapKey,
} from './crypto';
import type { Bytes, ProfileKeys, SealedFor } from '../storage/sealed';

/** What an unlocked profile holds in memory, and drops when it locks. */
export interface ProfileSession {
  profileId: string;
  dataKey: CryptoKey;
  privateKey: CryptoKey;
  /** Extractable, so that it can be granted to other profiles. */
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

export interface OutboxKeyPair {
  publicKey: Bytes;
  privateKey: CryptoKey;
}

export async function createOutboxKeyPair(): Promise<OutboxKeyPair> {
  const pair = await generateKeyPair();
  return { publicKey: await exportPublicKey(pair.publicKey), privateKey: pair.privateKey };
}

/** New keys for a profile, and its session. With the outbox private key at hand, the profile is granted it at once. */
export async function createProfileKeys(
  profileId: string,
  passphrase: string,
  outboxPrivateKey?: CryptoKey,
  iterations = PBKDF2_ITERATIONS,
): Promise<{ keys: ProfileKeys; session: ProfileSession }> {
  const salt = randomBytes(16);
  const wrappingKey = await deriveWrappingKey(passphrase, salt, iterations);
  const dataKey = await generateAesKey(true);
  const pair = await generateKeyPair();
  const keys: ProfileKeys = {
    kdf: { salt, iterations },
    wrappedDataKey: await wrapKey(dataKey, wrappingKey, context.dataKey(profileId)),
    publicKey: await exportPublicKey(pair.publicKey),
    sealedPrivateKey: await wrapKey(pair.privateKey, dataKey, context.privateKey(profileId)),
  };
  if (outboxPrivateKey) keys.outboxGrant = await grantOutboxKey(profileId, keys.publicKey, outboxPrivateKey);
  // The session's copies are not extractable: nothing in memory can be exported by accident.
  const session: ProfileSession = {
    profileId,
    dataKey: await unwrapAesKey(keys.wrappedDataKey, wrappingKey, context.dataKey(profileId)),
    privateKey: await unwrapPrivateKey(keys.sealedPrivateKey, dataKey, context.privateKey(profileId)),
    ...(outboxPrivateKey ? { outboxPrivateKey } : {}),
  };
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
  const privateKey = await unwrapPrivateKey(keys.sealedPrivateKey, dataKey, context.privateKey(profileId));
  const session: ProfileSession = { profileId, dataKey, privateKey };
  if (keys.outboxGrant) {
    session.outboxPrivateKey = await openPrivateKeyWith(keys.outboxGrant, privateKey, context.outboxGrant(profileId), true);
  }
  return session;
}

/** Re-wraps the data key under a new passphrase: every record sealed with it stays readable. */
export async function changePassphraseKeys(
  profileId: string,
  keys: ProfileKeys,
  oldPassphrase: string,
  newPassphrase: string,
  iterations = keys.kdf.iterations,
): Promise<ProfileKeys> {
  const oldWrappingKey = await deriveWrappingKey(oldPassphrase, keys.kdf.salt, keys.kdf.iterations);
  let dataKey: CryptoKey;
  try {
    dataKey = await unwrapAesKey(keys.wrappedDataKey, oldWrappingKey, context.dataKey(profileId), true);
  } catch (error) {
    if (error instanceof TamperedError) throw new WrongPassphraseError();
    throw error;
  }
  const salt = randomBytes(16);
  const newWrappingKey = await deriveWrappingKey(newPassphrase, salt, iterations);
  return { ...keys, kdf: { salt, iterations }, wrappedDataKey: await wrapKey(dataKey, newWrappingKey, context.dataKey(profileId)) };
}

export async function grantOutboxKey(profileId: string, publicKey: Bytes, outboxPrivateKey: CryptoKey): Promise<SealedFor> {
  return sealPrivateKeyFor(outboxPrivateKey, await importPublicKey(publicKey), context.outboxGrant(profileId));
}
