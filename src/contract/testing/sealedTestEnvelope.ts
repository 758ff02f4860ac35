// An envelope as a tablet sends one, for tests and benchmarks: any report,
// valid or not, sealed to the published test agency key, with the right id,
// reference and content hash.
import { contentHash } from '../contentHash';
import type { ReportEnvelope } from '../envelope';
import { SCHEMA_VERSION, writeEnvelope } from '../protocol';
import { referenceFromId } from '../referenceCode';
import { sealReportFor } from '../sealReportFor';
import { TEST_AGENCY_PUBLIC_KEY } from './agencyTestKey';

export async function sealedTestEnvelope(report: unknown, id: string = globalThis.crypto.randomUUID()): Promise<ReportEnvelope> {
  const fields = {
    id,
    schemaVersion: SCHEMA_VERSION,
    reference: referenceFromId(id),
    createdAt: '2026-01-02T02:05:00.000Z',
    submittedAt: '2026-01-02T02:20:00.000Z',
    contentHash: await contentHash(report),
  };
  return writeEnvelope({ ...fields, sealedReport: await sealReportFor(TEST_AGENCY_PUBLIC_KEY, fields, report) });
}
