// Receivers' answers written by hand, for tests that script a receiver (or
// something pretending to be one): signed as the reference receiver signs
// them, with the published test signing key that the tests' tablets pin, or
// with a key no tablet pins.
import { exportPKCS8, generateKeyPair } from 'jose';
import { agencySignerFromPkcs8, deferredSigner, type Signer } from '../../../server/agencySigner';
import { SIGNED_TYPES, type SignedAcknowledgement } from '../../contract/agencySignature';
import type { Acknowledgement, Receipt, ReportIdentity } from '../../contract/protocol';
import { TEST_AGENCY_NAME, TEST_SIGNING_PRIVATE_PKCS8 } from '../../contract/testing/agencySigningTestKey';

/** Signs as the tests' receivers do. */
export const testAgencySigner: Signer = deferredSigner(TEST_SIGNING_PRIVATE_PKCS8);

/** A signer whose key no tablet pins: a forger's, or another deployment's. */
export async function unpinnedSigner(): Promise<Signer> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return agencySignerFromPkcs8(await exportPKCS8(privateKey));
}

/** The statement a receiver signs when it receives `report` with `receipt`. */
export const acknowledgementStatement = (report: ReportIdentity, receipt: Receipt): SignedAcknowledgement => ({
  id: report.id,
  reference: report.reference,
  contentHash: report.contentHash,
  receiptId: receipt.receiptId,
  receivedAt: receipt.receivedAt,
  agency: TEST_AGENCY_NAME,
});

/** An acknowledgement's body as the reference receiver answers it: the receipt, and the same signed. */
export async function signedAcknowledgement(report: ReportIdentity, receipt: Receipt, signer: Signer = testAgencySigner): Promise<Acknowledgement> {
  return {
    id: report.id,
    contentHash: report.contentHash,
    ...receipt,
    acknowledgement: await signer.sign(SIGNED_TYPES.acknowledgement, acknowledgementStatement(report, receipt)),
  };
}
