// Seals a report to the agency's public key (the format: sealedReport.ts).
// jose is loaded on the first sealing, not with the module: the first screen
// never needs it, only filing does.
import { canonicalJson } from './contentHash';
import { importedPublicKey } from './publicJwk';
import { sealedReportHeader, type AgencyPublicKey, type SealedFields, SEALING_ALGORITHM } from './sealedReport';

const encoder = new TextEncoder();

/**
 * The report as a compact JWE for the agency. The plaintext is the report's
 * canonical JSON, the very bytes its content hash is taken of; the protected
 * header repeats `fields`, so that they cannot be changed beside it.
 */
export async function sealReportFor(key: AgencyPublicKey, fields: SealedFields, report: unknown): Promise<string> {
  const [{ CompactEncrypt }, publicKey] = await Promise.all([import('jose'), importedPublicKey(key, SEALING_ALGORITHM)]);
  return new CompactEncrypt(encoder.encode(canonicalJson(report)))
    .setProtectedHeader({ ...sealedReportHeader(key.kid, fields) })
    .encrypt(publicKey);
}
