// Opens a report the receiver stored sealed (sealedReport.ts) with the
// agency's private key, and checks that it is what the envelope says: the
// protected header repeats the envelope's fields, and the plaintext is the
// report whose hash the envelope carries. Anything else is reported by name
// and its content never shown. The agency's tool (agency/) and the inbox page
// (src/inbox/) both open reports here; jose loads on the first opening.
import { contentHash } from './contentHash';
import { readProtectedHeader, SEALED_FIELDS, SEALING_ALGORITHM, SEALING_ENCRYPTION, type SealedFields } from './sealedReport';

/** An agency private key, opened from its file (privateKeyFile.ts). */
export interface AgencyPrivateKey {
  kid: string;
  key: CryptoKey;
}

/** Why a stored report does not open. */
export type OpenProblem =
  /** Sealed to a key id none of the given keys has: another (older or newer) agency key. */
  | 'other_key'
  /** The key id matches but the JWE does not open: the ciphertext or its header was changed, or it is not this key's. */
  | 'cannot_open'
  /** Opens, but its protected header names another id, reference, hash or time than the envelope beside it. */
  | 'header_mismatch'
  /** Opens, but the report is not the one the content hash names, or not JSON. */
  | 'hash_mismatch';

export type Opened = { ok: true; report: unknown; kid: string } | { ok: false; problem: OpenProblem; kid?: string };

/** What a stored report carries: its sealed form and the envelope's fields beside it. */
export type SealedEnvelope = SealedFields & { sealedReport: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

export async function openSealedReport(envelope: SealedEnvelope, keys: readonly AgencyPrivateKey[]): Promise<Opened> {
  const kid = typeof envelope.sealedReport === 'string' ? readProtectedHeader(envelope.sealedReport)?.kid : undefined;
  if (typeof kid !== 'string') return { ok: false, problem: 'cannot_open' };
  const privateKey = keys.find((candidate) => candidate.kid === kid);
  if (!privateKey) return { ok: false, problem: 'other_key', kid };
  const { compactDecrypt } = await import('jose');
  let opened: Awaited<ReturnType<typeof compactDecrypt>>;
  try {
    opened = await compactDecrypt(envelope.sealedReport, privateKey.key, {
      keyManagementAlgorithms: [SEALING_ALGORITHM],
      contentEncryptionAlgorithms: [SEALING_ENCRYPTION],
    });
  } catch {
    return { ok: false, problem: 'cannot_open', kid };
  }
  const header = opened.protectedHeader as Record<string, unknown>;
  if (!SEALED_FIELDS.every((name) => header[name] === envelope[name])) return { ok: false, problem: 'header_mismatch', kid };
  let report: unknown;
  try {
    report = JSON.parse(decoder.decode(opened.plaintext)) as unknown;
  } catch {
    return { ok: false, problem: 'hash_mismatch', kid };
  }
  if ((await contentHash(report)) !== envelope.contentHash) return { ok: false, problem: 'hash_mismatch', kid };
  return { ok: true, report, kid };
}
