// What the sealed report (a JWE, sealedReport.ts) and the agency's signed
// statements (JWS, agencySignature.ts) share before and around any key work:
// base64url, a protected header read without a key, a P-256 public JWK
// checked member by member, and each public key imported once. jose is
// loaded on the first import of a key, not with this module.

export const BASE64URL = /^[A-Za-z0-9_-]+$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,128}$/;

function decodeBase64url(text: string): string | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) return undefined;
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  try {
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** A compact serialization's first part, the protected header, as a JSON object; undefined when it is not one. */
export function protectedHeaderIn(encoded: string): Record<string, unknown> | undefined {
  const json = decodeBase64url(encoded);
  if (json === undefined) return undefined;
  try {
    const parsed = JSON.parse(json) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A P-256 public key with its key id: the members every agency key has, whatever it is for. */
export interface P256PublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
}

/**
 * The P-256 public key in `value`, and all of `value`'s members for the
 * caller's own checks (alg, use…); undefined unless it is one with a key id.
 * A private key (with `d`) is never taken for one.
 */
export function p256PublicJwkIn(value: unknown): { jwk: P256PublicJwk; members: Record<string, unknown> } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const members = value as Record<string, unknown>;
  const { kty, crv, x, y, kid, d } = members;
  if (kty !== 'EC' || crv !== 'P-256' || d !== undefined) return undefined;
  if (typeof x !== 'string' || typeof y !== 'string' || typeof kid !== 'string' || !KEY_ID.test(kid)) return undefined;
  // A P-256 coordinate is 32 bytes: 43 base64url characters.
  if (x.length !== 43 || y.length !== 43 || !BASE64URL.test(x) || !BASE64URL.test(y)) return undefined;
  return { jwk: { kty, crv, x, y, kid }, members };
}

/** The imported keys, by algorithm, id and point: sealing or checking many things with one key imports it once. */
const imported = new Map<string, Promise<CryptoKey>>();

/** The public key as a WebCrypto key for `algorithm` (through jose). */
export async function importedPublicKey(key: P256PublicJwk, algorithm: string): Promise<CryptoKey> {
  const cacheKey = `${algorithm}.${key.kid}.${key.x}.${key.y}`;
  let cryptoKey = imported.get(cacheKey);
  if (!cryptoKey) {
    const { importJWK } = await import('jose');
    cryptoKey = importJWK({ kty: key.kty, crv: key.crv, x: key.x, y: key.y }, algorithm) as Promise<CryptoKey>;
    cryptoKey.catch(() => imported.delete(cacheKey));
    imported.set(cacheKey, cryptoKey);
  }
  return cryptoKey;
}
