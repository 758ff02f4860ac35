// A file sealed with a passphrase chosen when it is written (the export of
// unsent reports): PBKDF2-SHA-256 and AES-GCM, as the profiles use.
import { PBKDF2_ITERATIONS, randomBytes, TamperedError, type Bytes } from './crypto';

export const ENCRYPTED_FILE_FORMAT = 'shouhu-encrypted';

interface EncryptedFile {
  format: typeof ENCRYPTED_FILE_FORMAT;
  version: 1;
  kdf: { name: 'PBKDF2-SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-GCM'; iv: string };
  data: string;
}

const toBase64 = (bytes: Bytes) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Bytes => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

async function fileKey(passphrase: string, salt: Bytes, iterations: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function encryptFile(plaintext: string, passphrase: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await fileKey(passphrase, salt, iterations);
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(ENCRYPTED_FILE_FORMAT) }, key, new TextEncoder().encode(plaintext)));
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  const file: EncryptedFile = {
    format: ENCRYPTED_FILE_FORMAT,
    version: 1,
    kdf: { name: 'PBKDF2-SHA-256', iterations, salt: toBase64(salt) },
    cipher: { name: 'AES-GCM', iv: toBase64(iv) },
    data: btoa(binary),
  };
  return JSON.stringify(file);
}

export function isEncryptedFile(text: string): boolean {
  try {
    return (JSON.parse(text) as { format?: unknown }).format === ENCRYPTED_FILE_FORMAT;
  } catch {
    return false;
  }
}

/** Throws TamperedError for a wrong passphrase or an altered file (AES-GCM cannot tell them apart). */
export async function decryptFile(text: string, passphrase: string): Promise<string> {
  const file = JSON.parse(text) as EncryptedFile;
  if (file.format !== ENCRYPTED_FILE_FORMAT || file.version !== 1) throw new TypeError('Not an encrypted Shouhu file');
  const key = await fileKey(passphrase, fromBase64(file.kdf.salt), file.kdf.iterations);
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(file.cipher.iv), additionalData: new TextEncoder().encode(ENCRYPTED_FILE_FORMAT) },
      key,
      fromBase64(file.data),
    );
    return new TextDecoder().decode(plain);
  } catch {
    throw new TamperedError();
  }
}

