// Seals a report to the agency's public key (the format: sealedReport.ts).
// jose is loaded on the first sealing, not with the module: the first screen
// never needs it, only filing does.
import { canonicalJson } from './contentHash';
import { sealedReportHeader, type AgencyPublicKey, type SealedFields, SEALING_ALGORITHM } from './sealedReport';

const encoder = new TextEncoder();

/** The imported public keys, by key id and point: sealing many reports to one key imports it once. */
const imported = new Map<string, Promise<CryptoKey>>();

async function publicKeyOf(key: AgencyPublicKey): Promise<CryptoKey> {
  const cacheKey = `${key.kid}.${key.x}.${key.y}`;
  let cryptoKey = imported.get(cacheKey);
  if (!cryptoKey) {
    const { importJWK } = await import('jose');
    cryptoKey = importJWK({ kty: key.kty, crv: key.crv, x: key.x, y: key.y }, SEALING_ALGORITHM) as Promise<CryptoKey>;
    cryptoKey.catch(() => imported.delete(cacheKey));
    imported.set(cacheKey, cryptoKey);
  }
  return cryptoKey;
}

/**
 * The report as a compact JWE for the agency. The plaintext is the report's
 * canonical JSON, the very bytes its content hash is taken of; the protected
 * header repeats `fields`, so that they cannot be changed beside it.
 */
export async function sealReportFor(key: AgencyPublicKey, fields: SealedFields, report: unknown): Promise<string> {
  const [{ CompactEncrypt }, publicKey] = await Promise.all([import('jose'), publicKeyOf(key)]);
  return new CompactEncrypt(encoder.encode(canonicalJson(report)))
    .setProtectedHeader({ ...sealedReportHeader(key.kid, fields) })
    .encrypt(publicKey);
}
