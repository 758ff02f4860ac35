// What tests' receivers sign with: the published test signing key
// (src/contract/testing/agencySigningTestKey.ts) and the test agency's name.
import { TEST_AGENCY_NAME, TEST_SIGNING_PRIVATE_PKCS8 } from '../../src/contract/testing/agencySigningTestKey';
import { deferredSigner, type Signer } from '../agencySigner';

/** The intake's signing options for tests: `createReportIntake({ ...testSigning(), … })`. */
export const testSigning = (): { signer: Signer; agencyName: string } => ({
  signer: deferredSigner(TEST_SIGNING_PRIVATE_PKCS8),
  agencyName: TEST_AGENCY_NAME,
});

/** A test receiver's signing options: `startReceiver({ ...TEST_RECEIVER_SIGNING, … })`. */
export const TEST_RECEIVER_SIGNING = { signingKey: TEST_SIGNING_PRIVATE_PKCS8, agencyName: TEST_AGENCY_NAME } as const;
