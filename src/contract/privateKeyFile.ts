// The agency's private key at rest: a JWK encrypted with a passphrase as a
// compact JWE, PBES2-HS512+A256KW with A256GCM (RFC 7518 §4.8; RFC 7517 §7
// shows this very use, a JWK with "cty": "jwk+json"). Any JOSE library opens
// it; nothing here is home-made. One implementation for both readers: the
// agency's tool (agency/) and the inbox page (src/inbox/), which loads jose
// only when the officer opens the file.
import type { JWK } from 'jose';
import { agencyPublicKeyIn, SEALING_ALGORITHM } from './sealedReport';
import type { AgencyPrivateKey } from './openSealedReport';

export const KEY_FILE_ALGORITHM = 'PBES2-HS512+A256KW';
export const KEY_FILE_ENCRYPTION = 'A256GCM';
/**
 * PBKDF2-HMAC-SHA-512 rounds: above OWASP's 210,000 for SHA-512, about a
 * second's work on a laptop, once per opening. A file with fewer is refused
 * (it was not written by keygen); with many more, it would make the reader
 * work for minutes.
 */
export const KEY_FILE_ITERATIONS = 600_000;
const MIN_ITERATIONS = 210_000;
const MAX_ITERATIONS = 10_000_000;
/** The shortest passphrase keygen takes. */
export const MIN_KEY_PASSPHRASE_LENGTH = 12;

export class WrongKeyPassphraseError extends Error {
  constructor() {
    super('The passphrase does not open this key file (or the file was changed).');
    this.name = 'WrongKeyPassphraseError';
  }
}

export class NotAKeyFileError extends Error {
  constructor(why: string) {
    super(`This is not an agency key file written by "npm run agency -- keygen": ${why}.`);
    this.name = 'NotAKeyFileError';
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The private JWK, encrypted with the passphrase. */
export async function writePrivateKeyFile(privateJwk: JWK, passphrase: string): Promise<string> {
  const { CompactEncrypt } = await import('jose');
  return new CompactEncrypt(encoder.encode(JSON.stringify(privateJwk)))
    .setProtectedHeader({ alg: KEY_FILE_ALGORITHM, enc: KEY_FILE_ENCRYPTION, cty: 'jwk+json', ...(privateJwk.kid ? { kid: privateJwk.kid } : {}) })
    .setKeyManagementParameters({ p2c: KEY_FILE_ITERATIONS })
    .encrypt(encoder.encode(passphrase.normalize('NFC')));
}

/**
 * The private key in a key file, as a CryptoKey that cannot be exported:
 * whoever holds it can open reports, but no script can read the key out of
 * it. Throws NotAKeyFileError for a file of another kind or settings,
 * WrongKeyPassphraseError when the passphrase does not open it.
 */
export async function readPrivateKeyFile(text: string, passphrase: string): Promise<AgencyPrivateKey> {
  const compact = text.trim();
  if (compact.split('.').length !== 5) throw new NotAKeyFileError('it is not a compact JWE');
  const { compactDecrypt, decodeProtectedHeader, importJWK } = await import('jose');
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(compact) as Record<string, unknown>;
  } catch {
    throw new NotAKeyFileError('it is not a JWE');
  }
  if (header.alg !== KEY_FILE_ALGORITHM || header.enc !== KEY_FILE_ENCRYPTION || header.cty !== 'jwk+json') {
    throw new NotAKeyFileError(`it is encrypted with ${String(header.alg)}/${String(header.enc)}, not ${KEY_FILE_ALGORITHM}/${KEY_FILE_ENCRYPTION}`);
  }
  if (typeof header.p2c !== 'number' || header.p2c < MIN_ITERATIONS || header.p2c > MAX_ITERATIONS) {
    throw new NotAKeyFileError(`its iteration count (p2c) is not between ${MIN_ITERATIONS} and ${MAX_ITERATIONS}`);
  }
  let plaintext: Uint8Array;
  try {
    ({ plaintext } = await compactDecrypt(compact, encoder.encode(passphrase.normalize('NFC')), {
      keyManagementAlgorithms: [KEY_FILE_ALGORITHM],
      contentEncryptionAlgorithms: [KEY_FILE_ENCRYPTION],
      maxPBES2Count: MAX_ITERATIONS,
    }));
  } catch {
    // AES-GCM cannot tell a wrong passphrase from a changed file.
    throw new WrongKeyPassphraseError();
  }
  let jwk: Record<string, unknown>;
  try {
    jwk = JSON.parse(decoder.decode(plaintext)) as Record<string, unknown>;
  } catch {
    throw new NotAKeyFileError('it does not hold a JWK');
  }
  const publicPart = typeof jwk === 'object' && jwk !== null ? agencyPublicKeyIn({ ...jwk, d: undefined }) : undefined;
  if (!publicPart || typeof jwk.d !== 'string') throw new NotAKeyFileError('it does not hold a P-256 private key with a key id');
  const key = await importJWK({ kty: 'EC', crv: 'P-256', x: publicPart.x, y: publicPart.y, d: jwk.d }, SEALING_ALGORITHM, { extractable: false });
  return { kid: publicPart.kid, key: key as CryptoKey };
}
