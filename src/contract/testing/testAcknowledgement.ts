// For tests: what a receiver signs when it acknowledges a report (agencySignature.ts), for a report id of the test's choosing.
import type { SignedAcknowledgement } from '../agencySignature';
import { referenceFromId } from '../referenceCode';
import { TEST_AGENCY_NAME } from './agencySigningTestKey';

export function testAcknowledgement(id = '5d1e2f30-4a5b-4c6d-8e7f-901234567890'): SignedAcknowledgement {
  return {
    id,
    reference: referenceFromId(id),
    contentHash: `sha256:${'ab'.repeat(32)}`,
    receiptId: 'R-20261130-0123456789',
    receivedAt: '2026-11-30T08:00:00.000Z',
    agency: TEST_AGENCY_NAME,
  };
}
