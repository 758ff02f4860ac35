// The primitives of the vault, on WebCrypto only (browsers and Node have it).
//
//   seal/open       AES-GCM-256 with a random 96-bit IV and the record's id and
//                   purpose as associated data, so a ciphertext cannot be moved
//                   to another record or field without failing to open.
//   sealFor/openWith  hybrid public-key sealing: a fresh AES key for the data,
//                   wrapped with RSA-OAEP-2048/SHA-256 to the recipient.
//   sealerFor/keyRing the same format, one AES key for many values: wrapped
//                   once, unwrapped once.
//   deriveWrappingKey  PBKDF2-SHA-256 from a passphrase.
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

export async function generateKeyPair(): Promise<CryptoKeyPair> {
  return subtle().generateKey(RSA, true, ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey']) as Promise<CryptoKeyPair>;
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

export async function exportPublicKey(key: CryptoKey): Promise<Bytes> {
  return new Uint8Array(await subtle().exportKey('spki', key));
}

export function importPublicKey(spki: Bytes): Promise<CryptoKey> {
  return subtle().importKey('spki', spki, RSA, true, ['encrypt', 'wrapKey']);
}

/** The data key of something sealed to a public key, unwrapped with the private key. */
async function unwrapDataKeyWith(privateKey: CryptoKey, sealed: SealedFor): Promise<CryptoKey> {
  try {
    return await subtle().unwrapKey('raw', sealed.wrappedKey, privateKey, { name: 'RSA-OAEP' }, AES, false, ['decrypt']);
  } catch {
    throw new TamperedError();
  }
}

/** Seals a value to a public key: any holder of the private key can open it. */
export function sealFor(publicKey: CryptoKey, value: unknown, context: string): Promise<SealedFor> {
  return sealerFor(publicKey).seal(value, context);
}

/** Seals values to one public key. */
export interface Sealer {
  seal(value: unknown, context: string): Promise<SealedFor>;
}

/**
 * A sealer that wraps one data key to the public key, once, and seals every
 * value with it: each value has its own IV and context, and the same format
 * as sealFor's. Whoever opens many of them (a KeyRing) pays the private-key
 * operation, the costly one, once per sealer instead of once per value.
 * AES-GCM with random 96-bit IVs stays safe far beyond what a tablet seals.
 */
export function sealerFor(publicKey: CryptoKey): Sealer {
  let key: Promise<{ dataKey: CryptoKey; wrappedKey: Bytes }> | undefined;
  const dataKeyOnce = () =>
    (key ??= (async () => {
      const dataKey = await generateAesKey(true);
      const wrappedKey = new Uint8Array(await subtle().wrapKey('raw', dataKey, publicKey, { name: 'RSA-OAEP' }));
      return { dataKey, wrappedKey };
    })());
  return {
    async seal(value, context) {
      const { dataKey, wrappedKey } = await dataKeyOnce();
      return { ...(await seal(dataKey, value, context)), wrappedKey: wrappedKey.slice() };
    },
  };
}

export async function openWith<T>(privateKey: CryptoKey, sealed: SealedFor, context: string): Promise<T> {
  const dataKey = await unwrapDataKeyWith(privateKey, sealed);
  return open<T>(dataKey, sealed, context);
}

/** Opens values sealed to a public key, with its private key. */
export interface KeyRing {
  open<T>(sealed: SealedFor, context: string): Promise<T>;
}

/**
 * Opens values sealed to a public key, keeping the last `size` data keys it
 * unwrapped (by their wrapped bytes), so that values sealed by one Sealer cost
 * one private-key operation between them. A data key that fails to unwrap is
 * not kept; each value is still checked against its own context when opened.
 */
export function keyRing(privateKey: CryptoKey, size = 64): KeyRing {
  const unwrapped = new Map<string, Promise<CryptoKey>>();
  const dataKeyOf = (sealed: SealedFor): Promise<CryptoKey> => {
    const id = bytesKey(sealed.wrappedKey);
    let dataKey = unwrapped.get(id);
    if (dataKey) {
      // Most recently used last: the oldest is the first dropped.
      unwrapped.delete(id);
    } else {
      dataKey = unwrapDataKeyWith(privateKey, sealed);
      dataKey.catch(() => unwrapped.delete(id));
    }
    unwrapped.set(id, dataKey);
    while (unwrapped.size > size) unwrapped.delete(unwrapped.keys().next().value as string);
    return dataKey;
  };
  return {
    async open<T>(sealed: SealedFor, context: string): Promise<T> {
      return open<T>(await dataKeyOf(sealed), sealed, context);
    },
  };
}

/** Bytes as a string usable as a Map key (one char per byte). */
function bytesKey(bytes: Bytes): string {
  let key = '';
  for (let index = 0; index < bytes.length; index += 4096) key += String.fromCharCode(...bytes.subarray(index, index + 4096));
  return key;
}

/** Seals a private key to a public key (hybrid: the PKCS#8 bytes are too long for RSA alone). */
export async function sealPrivateKeyFor(privateKey: CryptoKey, publicKey: CryptoKey, context: string): Promise<SealedFor> {
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', privateKey));
  const dataKey = await generateAesKey(true);
  const sealed = await encryptBytes(dataKey, pkcs8, context);
  pkcs8.fill(0);
  const wrappedKey = new Uint8Array(await subtle().wrapKey('raw', dataKey, publicKey, { name: 'RSA-OAEP' }));
  return { ...sealed, wrappedKey };
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
