// Status changes signed as a receiver signs them, for tests: with the tests'
// signing key (which the tablets of the tests pin), or with a key no tablet pins.
import { CompactSign, generateKeyPair, importPKCS8 } from 'jose';
import { SIGNED_TYPES, SIGNING_ALGORITHM, type SignedType } from '../../contract/agencySignature';
import { referenceFromId } from '../../contract/referenceCode';
import type { StatusChange } from '../../contract/reportStatus';
import { TEST_AGENCY_NAME, TEST_SIGNING_PRIVATE_PKCS8, TEST_SIGNING_PUBLIC_KEY } from '../../contract/testing/agencySigningTestKey';

let testKey: Promise<CryptoKey> | undefined;
let strangerKey: Promise<CryptoKey> | undefined;

/** The change a receiver would sign for report `id`: "accepted", seq 1, unless `overrides` say otherwise. */
export const statusChangeFor = (id: string, overrides: Partial<StatusChange> = {}): StatusChange => ({
  id,
  reference: referenceFromId(id),
  status: 'accepted',
  at: '2026-11-22T09:00:00.000Z',
  seq: 1,
  agency: TEST_AGENCY_NAME,
  ...overrides,
});

export interface SigningOptions {
  /** The tests' key, which the tests' tablets pin, or a key of no agency. */
  by?: 'test' | 'stranger';
  /** What the header says is signed: a status change unless given. */
  type?: SignedType;
  /** The key id the header names: the tests' key's unless given (a stranger may claim it). */
  kid?: string;
}

/** A compact JWS of `payload`'s JSON. */
export async function signStatus(payload: object, { by = 'test', type = SIGNED_TYPES.status, kid = TEST_SIGNING_PUBLIC_KEY.kid }: SigningOptions = {}): Promise<string> {
  const key =
    by === 'test'
      ? (testKey ??= importPKCS8(TEST_SIGNING_PRIVATE_PKCS8, SIGNING_ALGORITHM))
      : (strangerKey ??= generateKeyPair(SIGNING_ALGORITHM).then(({ privateKey }) => privateKey));
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: SIGNING_ALGORITHM, kid, typ: type }).sign(await key);
}

/** The JWS with its note rewritten after signing (a well-formed change still): its signature no longer verifies. */
export function tampered(jws: string, note = 'A note the agency never signed'): string {
  const [header, payload = '', signature] = jws.split('.');
  const change = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as object;
  return [header, Buffer.from(JSON.stringify({ ...change, note })).toString('base64url'), signature].join('.');
}
