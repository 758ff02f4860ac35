// A report sealed for the agency (docs/sync-protocol.md, "The sealed report"):
// a JWE (RFC 7516) in compact serialization, ECDH-ES+A256KW on P-256 with
// A256GCM, whose protected header names the algorithm, the agency's key id,
// and the envelope's own fields. The protected header is AES-GCM's associated
// data, so a receiver that changes the id, reference or hash beside it makes
// the report fail to open. Reading the header needs no key and no library:
// the receiver checks it here; sealing and opening (jose) live apart, in
// sealReportFor.ts and the agency's tool, so neither the first screen nor the
// receiver loads them.

import { BASE64URL, p256PublicJwkIn, protectedHeaderIn } from './publicJwk';

/** The one suite so far. Another (e.g. SM2/SM4 for 国密) is another `alg`/`enc` pair here, not a new protocol. */
export const SEALING_ALGORITHM = 'ECDH-ES+A256KW';
export const SEALING_ENCRYPTION = 'A256GCM';
/** The `cty` of a sealed report: the plaintext is the report's JSON (the report schema's output). */
export const SEALED_REPORT_CONTENT_TYPE = 'application/vnd.shouhu.report+json';

/**
 * The longest sealed report a receiver takes, in characters. The largest report
 * the schema allows has about 21,000 characters of text: at 6 bytes each in
 * the worst case (a control character JSON writes as \u0000) under 128 KiB of
 * JSON, which base64url makes 171 KiB.
 */
export const MAX_SEALED_REPORT_CHARS = 256 * 1024;

/** The public key of the agency as config.json lists it: a P-256 JWK (RFC 7517) with its key id. */
export interface AgencyPublicKey {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  /** The key's RFC 7638 thumbprint, as `npm run agency -- keygen` sets it. */
  kid: string;
  alg?: typeof SEALING_ALGORITHM;
  use?: 'enc';
}

/** The envelope's fields that the protected header repeats, and a receiver may therefore not change. */
export interface SealedFields {
  id: string;
  reference: string;
  contentHash: string;
  schemaVersion: number;
  createdAt: string;
  submittedAt: string;
}

export const SEALED_FIELDS = ['id', 'reference', 'contentHash', 'schemaVersion', 'createdAt', 'submittedAt'] as const satisfies readonly (keyof SealedFields)[];

/** What a sealed report's protected header holds (jose adds `epk`, the sender's ephemeral public key). */
export interface SealedReportHeader extends SealedFields {
  alg: typeof SEALING_ALGORITHM;
  enc: typeof SEALING_ENCRYPTION;
  cty: typeof SEALED_REPORT_CONTENT_TYPE;
  kid: string;
}

export function sealedReportHeader(kid: string, fields: SealedFields): SealedReportHeader {
  const bound = Object.fromEntries(SEALED_FIELDS.map((name) => [name, fields[name]])) as unknown as SealedFields;
  return { alg: SEALING_ALGORITHM, enc: SEALING_ENCRYPTION, cty: SEALED_REPORT_CONTENT_TYPE, kid, ...bound };
}

const base64urlLength = (bytes: number) => Math.ceil((bytes * 4) / 3);

/**
 * The parts of a compact JWE of this suite, with the lengths the suite fixes:
 * the content key wrapped with AES-KW (40 bytes), a 96-bit IV and a 128-bit tag.
 */
const PART_LENGTHS = { encryptedKey: base64urlLength(40), iv: base64urlLength(12), tag: base64urlLength(16) };

/** Why a sealed report is refused before anyone tries to open it. */
export type SealedReportProblem = 'malformed' | 'unsupported_algorithm' | 'unknown_agency_key' | 'header_mismatch';

/** The protected header of a compact JWE, read without a key; undefined when it is not one. */
export function readProtectedHeader(sealed: string): Record<string, unknown> | undefined {
  const parts = sealed.split('.');
  if (parts.length !== 5) return undefined;
  const [header = '', encryptedKey = '', iv = '', ciphertext = '', tag = ''] = parts;
  if (encryptedKey.length !== PART_LENGTHS.encryptedKey || iv.length !== PART_LENGTHS.iv || tag.length !== PART_LENGTHS.tag) return undefined;
  if (![encryptedKey, iv, ciphertext, tag].every((part) => BASE64URL.test(part))) return undefined;
  return protectedHeaderIn(header);
}

const isPublicPoint = (epk: unknown): boolean => {
  if (typeof epk !== 'object' || epk === null) return false;
  const { kty, crv, x, y, d } = epk as Record<string, unknown>;
  return kty === 'EC' && crv === 'P-256' && typeof x === 'string' && typeof y === 'string' && d === undefined;
};

/**
 * What a receiver checks of a sealed report it cannot open: a compact JWE of
 * the one suite, sealed to a key id it knows, whose protected header repeats
 * the envelope's fields exactly. Undefined when all hold.
 */
export function sealedReportProblem(sealed: string, fields: SealedFields, knownKeyIds: ReadonlySet<string>): SealedReportProblem | undefined {
  const header = readProtectedHeader(sealed);
  if (!header || typeof header.kid !== 'string' || !isPublicPoint(header.epk)) return 'malformed';
  if (header.alg !== SEALING_ALGORITHM || header.enc !== SEALING_ENCRYPTION || header.cty !== SEALED_REPORT_CONTENT_TYPE) {
    return 'unsupported_algorithm';
  }
  if (header.zip !== undefined || header.crit !== undefined) return 'unsupported_algorithm';
  if (!knownKeyIds.has(header.kid)) return 'unknown_agency_key';
  return SEALED_FIELDS.every((name) => header[name] === fields[name]) ? undefined : 'header_mismatch';
}

/** A P-256 public JWK with a key id, for sealing, or undefined: a private key (with `d`) is never taken for one. */
export function agencyPublicKeyIn(value: unknown): AgencyPublicKey | undefined {
  const key = p256PublicJwkIn(value);
  if (!key) return undefined;
  const { alg, use } = key.members;
  if (alg !== undefined && alg !== SEALING_ALGORITHM) return undefined;
  if (use !== undefined && use !== 'enc') return undefined;
  return { ...key.jwk, ...(alg === undefined ? {} : { alg }), ...(use === undefined ? {} : { use }) };
}

/**
 * The `agencyKeys` list of a deployment's config.json, oldest first, the
 * newest last; undefined unless it is a non-empty list of valid keys with
 * distinct ids (a half-valid list is refused whole, so that a typo never
 * quietly seals to an older key).
 */
export function agencyKeysIn(config: unknown): AgencyPublicKey[] | undefined {
  const list = typeof config === 'object' && config !== null ? (config as { agencyKeys?: unknown }).agencyKeys : undefined;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const keys = list.map(agencyPublicKeyIn);
  if (keys.some((key) => key === undefined)) return undefined;
  const valid = keys as AgencyPublicKey[];
  return new Set(valid.map((key) => key.kid)).size === valid.length ? valid : undefined;
}

/** The key new reports are sealed to: the last of the list. */
export const newestAgencyKey = (keys: readonly AgencyPublicKey[]): AgencyPublicKey | undefined => keys.at(-1);
