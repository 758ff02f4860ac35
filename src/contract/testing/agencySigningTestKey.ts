// The agency signing key of the tests and of the test vector in
// docs/sync-protocol.md: published, so never a deployment's key. Receivers
// started by tests sign with it, and the tablets of the tests pin its public half.
import type { AgencySigningKey } from '../agencySignature';

export const TEST_SIGNING_PUBLIC_KEY: AgencySigningKey = {
  kty: 'EC',
  crv: 'P-256',
  x: 'CAPV6CWYkZ3OngNYLw8KP58HAeBuK6iMHxuGnG3wCFg',
  y: 'bAVQHBdAyRHfglLAkIKciIRhrycLgN1LssPB0bpUUqQ',
  kid: '1YcHC1Gjj9a_Rf31quEhYU2BjD0rwY7xpTBHEPd-33E',
  alg: 'ES256',
  use: 'sig',
};

/** The private half as PKCS#8 PEM: what a receiver's RECEIVER_SIGNING_KEY file holds. */
export const TEST_SIGNING_PRIVATE_PKCS8 = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBdNSbH1oqTIuUL3y
mFC98RiX8lx2mC4hSHWvfClWB0OhRANCAAQIA9XoJZiRnc6eA1gvDwo/nwcB4G4r
qIwfG4acbfAIWGwFUBwXQMkR34JSwJCCnIiEYa8nC4DdS7LDwdG6VFKk
-----END PRIVATE KEY-----
`;

/** What a deployment's config.json lists under `agencySigningKeys`, for tests: this one key. */
export const TEST_SIGNING_KEYS: readonly AgencySigningKey[] = [TEST_SIGNING_PUBLIC_KEY];

/** The agency name the test receivers sign with. */
export const TEST_AGENCY_NAME = '测试县公安局';
