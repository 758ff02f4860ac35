// What the agency signs (docs/sync-protocol.md, "Signed acknowledgements"):
// a JWS (RFC 7515) in compact serialization, ES256 (ECDSA on P-256 with
// SHA-256, which every tablet's WebCrypto has), whose protected header names
// the key (`kid`) and what is signed (`typ`): an acknowledgement of a report,
// or a change of its status. The receiver signs; the tablet, the "Check a
// receipt" screen and `npm run agency -- verify` check against the signing
// keys a deployment's config.json pins under `agencySigningKeys`.
//
// jose is loaded on the first check, not with this module: the first screen
// never needs it.
import { CONTENT_HASH_PATTERN } from './contentHash';
import { BASE64URL, importedPublicKey, p256PublicJwkIn, protectedHeaderIn } from './publicJwk';
import { isReportId } from './reportId';

export const SIGNING_ALGORITHM = 'ES256';

/** The `typ` of each kind of signed statement: a signature for one is never taken for another. */
export const SIGNED_TYPES = {
  acknowledgement: 'shouhu-ack',
  status: 'shouhu-status',
} as const;
export type SignedType = (typeof SIGNED_TYPES)[keyof typeof SIGNED_TYPES];

/**
 * A signing public key as config.json lists it: a P-256 JWK with its key id
 * (the RFC 7638 thumbprint, as keygen sets it). `validUntil`, once a key is
 * retired, is the last moment it may sign: a statement dated later is not
 * taken, so a retired key that leaks cannot date new receipts.
 */
export interface AgencySigningKey {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  kid: string;
  alg?: typeof SIGNING_ALGORITHM;
  use?: 'sig';
  validUntil?: string;
}

/** What a signed acknowledgement says: this report, with this content, reached this agency at this time. */
export interface SignedAcknowledgement {
  id: string;
  reference: string;
  contentHash: string;
  receiptId: string;
  receivedAt: string;
  /** The agency's name, as the receiver was configured with it. */
  agency: string;
}

/** Why a signed statement is not taken. */
export type SignatureProblem =
  /** Not a compact JWS, or its payload is not JSON. */
  | 'malformed'
  /** Another algorithm, another `typ`, or a header member it does not understand (`crit`). */
  | 'unsupported'
  /** Signed by a key this deployment does not pin. */
  | 'unknown_key'
  /** The signature does not verify: something was changed after signing, or it was never signed by that key. */
  | 'bad_signature'
  /** Dated after the key's `validUntil`. */
  | 'expired_key'
  /** It verifies, but its content is not a statement of that kind. */
  | 'invalid_content';

export type Verified<T> = { ok: true; statement: T; kid: string } | { ok: false; problem: SignatureProblem };

/** The longest compact JWS checked at all: a statement is a few hundred characters. */
export const MAX_SIGNED_CHARS = 4096;

/** A P-256 public signing JWK with a key id, or undefined: a private key (with `d`) is never taken for one. */
export function agencySigningKeyIn(value: unknown): AgencySigningKey | undefined {
  const key = p256PublicJwkIn(value);
  if (!key) return undefined;
  const { alg, use, validUntil } = key.members;
  if (alg !== undefined && alg !== SIGNING_ALGORITHM) return undefined;
  if (use !== undefined && use !== 'sig') return undefined;
  if (validUntil !== undefined && (typeof validUntil !== 'string' || !Number.isFinite(Date.parse(validUntil)))) return undefined;
  return {
    ...key.jwk,
    ...(alg === undefined ? {} : { alg }),
    ...(use === undefined ? {} : { use }),
    ...(validUntil === undefined ? {} : { validUntil }),
  };
}

/**
 * The `agencySigningKeys` list of a deployment's config.json (or of the file
 * keygen writes); undefined unless it is a non-empty list of valid keys with
 * distinct ids. A half-valid list is refused whole.
 */
export function agencySigningKeysIn(config: unknown): AgencySigningKey[] | undefined {
  const list = typeof config === 'object' && config !== null ? (config as { agencySigningKeys?: unknown }).agencySigningKeys : undefined;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const keys = list.map(agencySigningKeyIn);
  if (keys.some((key) => key === undefined)) return undefined;
  const valid = keys as AgencySigningKey[];
  return new Set(valid.map((key) => key.kid)).size === valid.length ? valid : undefined;
}

const nonEmpty = (value: unknown, max = 200): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= max;
const isTime = (value: unknown): value is string => nonEmpty(value, 40) && Number.isFinite(Date.parse(value));

/** The acknowledgement in a verified payload, member by member; undefined when any is missing or malformed. */
export function acknowledgementIn(payload: unknown): SignedAcknowledgement | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
  const { id, reference, contentHash, receiptId, receivedAt, agency } = payload as Record<string, unknown>;
  if (typeof id !== 'string' || !isReportId(id)) return undefined;
  if (!nonEmpty(reference, 32) || typeof contentHash !== 'string' || !CONTENT_HASH_PATTERN.test(contentHash)) return undefined;
  if (!nonEmpty(receiptId, 100) || !isTime(receivedAt) || typeof agency !== 'string' || agency.length > 200) return undefined;
  return { id, reference, contentHash, receiptId, receivedAt, agency };
}

/**
 * Checks a signed statement of one kind against the pinned keys, then reads
 * its content with `read`. `dateOf` names the statement's own time, which
 * must not be later than its key's `validUntil`. Never throws: whatever the
 * network or a hand-edited receipt gives is only ever "not valid, because".
 */
export async function verifySigned<T>(
  jws: string,
  keys: readonly AgencySigningKey[],
  type: SignedType,
  read: (payload: unknown) => T | undefined,
  dateOf: (statement: T) => string,
): Promise<Verified<T>> {
  const text = typeof jws === 'string' ? jws.trim() : '';
  if (text.length === 0 || text.length > MAX_SIGNED_CHARS) return { ok: false, problem: 'malformed' };
  const parts = text.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part))) return { ok: false, problem: 'malformed' };
  const header = protectedHeaderIn(parts[0] ?? '');
  if (!header) return { ok: false, problem: 'malformed' };
  if (header.alg !== SIGNING_ALGORITHM || header.typ !== type || header.crit !== undefined || header.b64 !== undefined) {
    return { ok: false, problem: 'unsupported' };
  }
  const key = keys.find((candidate) => candidate.kid === header.kid);
  if (!key) return { ok: false, problem: 'unknown_key' };
  let payload: Uint8Array;
  try {
    const { compactVerify } = await import('jose');
    ({ payload } = await compactVerify(text, await importedPublicKey(key, SIGNING_ALGORITHM), { algorithms: [SIGNING_ALGORITHM] }));
  } catch {
    return { ok: false, problem: 'bad_signature' };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload)) as unknown;
  } catch {
    return { ok: false, problem: 'invalid_content' };
  }
  const statement = read(json);
  if (statement === undefined) return { ok: false, problem: 'invalid_content' };
  if (key.validUntil !== undefined && Date.parse(dateOf(statement)) > Date.parse(key.validUntil)) return { ok: false, problem: 'expired_key' };
  return { ok: true, statement, kid: key.kid };
}

/** Checks a signed acknowledgement (a receipt's QR code, or a receiver's answer). */
export const verifyAcknowledgement = (jws: string, keys: readonly AgencySigningKey[]): Promise<Verified<SignedAcknowledgement>> =>
  verifySigned(jws, keys, SIGNED_TYPES.acknowledgement, acknowledgementIn, (ack) => ack.receivedAt);

/**
 * What a signed acknowledgement says of this very report: its statement when
 * it verifies against `keys` and names the report's id, reference and content
 * hash; undefined for anything else (unsigned, another key, another report,
 * another version of it). What a tablet takes as proof of receipt.
 */
export async function acknowledgementOfReport(
  jws: string,
  report: Pick<SignedAcknowledgement, 'id' | 'reference' | 'contentHash'>,
  keys: readonly AgencySigningKey[],
): Promise<SignedAcknowledgement | undefined> {
  const verified = await verifyAcknowledgement(jws, keys);
  if (!verified.ok) return undefined;
  const { statement } = verified;
  return statement.id === report.id && statement.reference === report.reference && statement.contentHash === report.contentHash ? statement : undefined;
}
