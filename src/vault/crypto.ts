// The primitives of the vault, on WebCrypto only (browsers and Node have it).
//
//   seal/open       AES-GCM-256 with a random 96-bit IV and the record's id and
//                   purpose as associated data, so a ciphertext cannot be moved
//                   to another record or field without failing to open.
//   openWith        opens what the retired tablet outbox key sealed (an AES key
//                   wrapped with RSA-OAEP-2048/SHA-256): what was queued before
//                   reports were sealed for the agency, resealed at unlock.
//   deriveWrappingKey  PBKDF2-SHA-256 from a passphrase.
//
// Reports are sealed for the agency with JWE (src/contract/sealReportFor.ts).
//
// Opening something that was altered throws TamperedError: it is never shown.
import type { Bytes, Sealed, SealedFor } from '../storage/sealed';

export const PBKDF2_ITERATIONS = 600_000;

export class TamperedError extends Error {
  constructor() {
    super('Stored data failed its integrity check');
    this.name = 'TamperedError';
  }
}

const subtle = () => globalThis.crypto.subtle;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const randomBytes = (length: number): Bytes => globalThis.crypto.getRandomValues(new Uint8Array(length));

const AES = { name: 'AES-GCM', length: 256 } as const;
const RSA = {
  name: 'RSA-OAEP',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

const aad = (context: string) => encoder.encode(context);

/** A new random AES-GCM key. Extractable only when it must later be wrapped. */
export function generateAesKey(extractable: boolean): Promise<CryptoKey> {
  return subtle().generateKey(AES, extractable, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']) as Promise<CryptoKey>;
}

export async function deriveWrappingKey(passphrase: string, salt: Bytes, iterations: number): Promise<CryptoKey> {
  const material = await subtle().importKey('raw', encoder.encode(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, AES, false, [
    'wrapKey',
    'unwrapKey',
  ]);
}

async function encryptBytes(key: CryptoKey, bytes: Bytes, context: string): Promise<Sealed> {
  const iv = randomBytes(12);
  const data = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: aad(context) }, key, bytes));
  return { v: 1, iv, data };
}

async function decryptBytes(key: CryptoKey, sealed: Sealed, context: string): Promise<Bytes> {
  try {
    return new Uint8Array(
      await subtle().decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: aad(context) }, key, sealed.data),
    );
  } catch {
    throw new TamperedError();
  }
}

/** Encrypts a JSON-able value; `context` (e.g. "draft:<id>") must be given again to open it. */
export function seal(key: CryptoKey, value: unknown, context: string): Promise<Sealed> {
  return encryptBytes(key, encoder.encode(JSON.stringify(value)), context);
}

export async function open<T>(key: CryptoKey, sealed: Sealed, context: string): Promise<T> {
  const bytes = await decryptBytes(key, sealed, context);
  try {
    return JSON.parse(decoder.decode(bytes)) as T;
  } catch {
    throw new TamperedError();
  }
}

/** Wraps a key (AES or private RSA) under an AES key. */
export async function wrapKey(key: CryptoKey, wrappingKey: CryptoKey, context: string): Promise<Sealed> {
  const format = key.type === 'private' ? 'pkcs8' : 'raw';
  const iv = randomBytes(12);
  const data = new Uint8Array(
    await subtle().wrapKey(format, key, wrappingKey, { name: 'AES-GCM', iv, additionalData: aad(context) }),
  );
  return { v: 1, iv, data };
}

const KEY_KINDS = {
  aes: { format: 'raw', algorithm: AES, usages: ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'] },
  rsaPrivate: { format: 'pkcs8', algorithm: RSA, usages: ['decrypt', 'unwrapKey'] },
} as const;

/** Unwraps a key that wrapKey sealed under an AES key; an altered or misplaced one throws TamperedError. */
async function unwrapSealedKey(
  kind: keyof typeof KEY_KINDS,
  sealed: Sealed,
  wrappingKey: CryptoKey,
  context: string,
  extractable: boolean,
): Promise<CryptoKey> {
  const { format, algorithm, usages } = KEY_KINDS[kind];
  try {
    return await subtle().unwrapKey(
      format,
      sealed.data,
      wrappingKey,
      { name: 'AES-GCM', iv: sealed.iv, additionalData: aad(context) },
      algorithm,
      extractable,
      [...usages],
    );
  } catch {
    throw new TamperedError();
  }
}

export function unwrapAesKey(sealed: Sealed, wrappingKey: CryptoKey, context: string, extractable = false): Promise<CryptoKey> {
  return unwrapSealedKey('aes', sealed, wrappingKey, context, extractable);
}

export function unwrapPrivateKey(sealed: Sealed, wrappingKey: CryptoKey, context: string, extractable = false): Promise<CryptoKey> {
  return unwrapSealedKey('rsaPrivate', sealed, wrappingKey, context, extractable);
}

/** The data key of something sealed to a public key, unwrapped with the private key. */
async function unwrapDataKeyWith(privateKey: CryptoKey, sealed: SealedFor): Promise<CryptoKey> {
  try {
    return await subtle().unwrapKey('raw', sealed.wrappedKey, privateKey, { name: 'RSA-OAEP' }, AES, false, ['decrypt']);
  } catch {
    throw new TamperedError();
  }
}

export async function openWith<T>(privateKey: CryptoKey, sealed: SealedFor, context: string): Promise<T> {
  const dataKey = await unwrapDataKeyWith(privateKey, sealed);
  return open<T>(dataKey, sealed, context);
}

export async function openPrivateKeyWith(
  sealed: SealedFor,
  privateKey: CryptoKey,
  context: string,
  extractable = false,
): Promise<CryptoKey> {
  const dataKey = await unwrapDataKeyWith(privateKey, sealed);
  const pkcs8 = await decryptBytes(dataKey, sealed, context);
  try {
    return await subtle().importKey('pkcs8', pkcs8, RSA, extractable, ['decrypt', 'unwrapKey']);
  } finally {
    pkcs8.fill(0);
  }
}
