// The agency key pair of the tests and of the test vector in
// docs/sync-protocol.md: published, so never a deployment's key. Tests seal
// reports to it, receivers started by tests know its id, and the agency's
// tests open what was sealed with its private half.
import type { AgencyPublicKey } from '../sealedReport';

export const TEST_AGENCY_PUBLIC_KEY: AgencyPublicKey = {
  kty: 'EC',
  crv: 'P-256',
  x: 'pfkPiiUWqUq2kBKreTtiW5HStDb4OAIXf6lR13YHoVA',
  y: 'icwgO0VkwP6pN2128KvRGB23H_13R3smv-poev2JOnQ',
  kid: 'gcH9Ra6VsNmMUBSLM2SqOL-9ryiGOlcZpW5fRBZfPoo',
  alg: 'ECDH-ES+A256KW',
  use: 'enc',
};

/** The private half, as a JWK (RFC 7517). */
export const TEST_AGENCY_PRIVATE_JWK = { ...TEST_AGENCY_PUBLIC_KEY, d: '7iTqv1KRXTzsEOHe3v0okqGv2upcQ_r6HIzTpfWAOUw' };

/** What a deployment's config.json lists, for tests: this one key. */
export const TEST_AGENCY_KEYS: readonly AgencyPublicKey[] = [TEST_AGENCY_PUBLIC_KEY];

/** What the agency reads in a report sealed to the test key: the report, and the protected header's members. */
export async function openAsTestAgency(sealed: string): Promise<{ report: unknown; header: Record<string, unknown> }> {
  const { compactDecrypt, importJWK } = await import('jose');
  const key = await importJWK(TEST_AGENCY_PRIVATE_JWK, 'ECDH-ES+A256KW');
  const { plaintext, protectedHeader } = await compactDecrypt(sealed, key);
  return { report: JSON.parse(new TextDecoder().decode(plaintext)) as unknown, header: protectedHeader as Record<string, unknown> };
}
