// A file sealed with a passphrase chosen when it is written (the export of
// unsent reports): PBKDF2-SHA-256 and AES-GCM, as the profiles use.
//
// Opening one trusts nothing in it before its encryption settings are
// checked: an iteration count from the file decides how long the tablet
// works, so it must lie in a fixed range before PBKDF2 runs.
//
// Files in clear are refused, though a Shouhu export is plain JSON inside:
// the app only ever writes encrypted ones, so a file in clear was made or
// changed by something else. AES-GCM under a passphrase passed on apart from
// the file is the only sign that the file comes unchanged from the person
// who exported it; without it, anyone could hand a tablet made-up reports,
// under ids of their choosing, to be sent to the agency as if filed there.
import * as z from 'zod/mini';
import { EXPORT_FORMAT, fileHeaderSchema, ImportFileError, parseJsonFile } from './transferFile';
import { PBKDF2_ITERATIONS, randomBytes } from '../crypto';
import type { Bytes } from '../../storage/sealed';

export const ENCRYPTED_FILE_FORMAT = 'shouhu-encrypted';
const ENCRYPTED_FILE_VERSION = 1;

/** Fewer rounds than the export writes: not a file this app made. */
export const MIN_FILE_ITERATIONS = PBKDF2_ITERATIONS;
/**
 * More than three times what the export writes leaves room for a later
 * version to raise the count, yet bounds the wait a file can cause: a few
 * seconds on a slow tablet, not the hours of 2,000,000,000 rounds.
 */
export const MAX_FILE_ITERATIONS = 2_000_000;

const SALT_BYTES = 16;
const IV_BYTES = 12;
/** AES-GCM's authentication tag: no ciphertext is shorter. */
const TAG_BYTES = 16;

const toBase64 = (bytes: Bytes) => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
};
const fromBase64 = (text: string): Bytes => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

/** How many bytes standard (padded) base64 text decodes to, without decoding it. */
const decodedLength = (text: string) => (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);

/** Standard base64 that decodes to a number of bytes within the bounds. */
const base64Bytes = (min: number, max = min) =>
  z.base64().check(
    z.refine((text) => {
      const length = decodedLength(text);
      return length >= min && length <= max;
    }),
  );

const encryptedFileSchema = z.object({
  format: z.literal(ENCRYPTED_FILE_FORMAT),
  version: z.literal(ENCRYPTED_FILE_VERSION),
  kdf: z.object({
    name: z.literal('PBKDF2-SHA-256'),
    iterations: z.int().check(z.gte(MIN_FILE_ITERATIONS), z.lte(MAX_FILE_ITERATIONS)),
    salt: base64Bytes(SALT_BYTES),
  }),
  cipher: z.object({ name: z.literal('AES-GCM'), iv: base64Bytes(IV_BYTES) }),
  data: base64Bytes(TAG_BYTES, Number.MAX_SAFE_INTEGER),
});

type EncryptedFile = z.infer<typeof encryptedFileSchema>;

async function fileKey(passphrase: string, salt: Bytes, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

const associatedData = () => new TextEncoder().encode(ENCRYPTED_FILE_FORMAT);

export async function encryptFile(plaintext: string, passphrase: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const iv = randomBytes(IV_BYTES);
  const key = await fileKey(passphrase, salt, PBKDF2_ITERATIONS);
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: associatedData() }, key, new TextEncoder().encode(plaintext)));
  const file: EncryptedFile = {
    format: ENCRYPTED_FILE_FORMAT,
    version: ENCRYPTED_FILE_VERSION,
    kdf: { name: 'PBKDF2-SHA-256', iterations: PBKDF2_ITERATIONS, salt: toBase64(salt) },
    cipher: { name: 'AES-GCM', iv: toBase64(iv) },
    data: toBase64(data),
  };
  return JSON.stringify(file);
}

/** The file's checked encryption settings, or ImportFileError saying what is wrong with it. */
function readEncryptedFile(text: string): EncryptedFile {
  const json = parseJsonFile(text);
  const header = fileHeaderSchema.safeParse(json);
  if (header.success && header.data.format === EXPORT_FORMAT) throw new ImportFileError('unencrypted');
  if (!header.success || header.data.format !== ENCRYPTED_FILE_FORMAT) throw new ImportFileError('notShouhu');
  if (header.data.version !== ENCRYPTED_FILE_VERSION) throw new ImportFileError('unknownVersion');
  const file = encryptedFileSchema.safeParse(json);
  if (!file.success) throw new ImportFileError('encryptionSettings');
  return file.data;
}

/** The file's text. Throws ImportFileError, before any key is derived when the file itself is at fault. */
export async function decryptFile(text: string, passphrase: string): Promise<string> {
  const file = readEncryptedFile(text);
  const key = await fileKey(passphrase, fromBase64(file.kdf.salt), file.kdf.iterations);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(file.cipher.iv), additionalData: associatedData() }, key, fromBase64(file.data));
    return new TextDecoder().decode(plain);
  } catch {
    throw new ImportFileError('wrongPassphrase');
  }
}
