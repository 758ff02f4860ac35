// The envelope a report travels in. The report inside is checked separately,
// with the app's own schema, so that its problems come back as 422 with the
// schema's message keys while a broken envelope is a 400.
import * as z from 'zod/mini';

/** Report ids are UUIDs in lowercase, so that one report cannot be stored twice under two spellings. */
const REPORT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONTENT_HASH = /^sha256:[0-9a-f]{64}$/;

export const envelopeSchema = z.object({
  id: z.string('required').check(z.regex(REPORT_ID, 'must be a UUID in lowercase')),
  schemaVersion: z.int('must be an integer'),
  reference: z.string('required'),
  createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  submittedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  contentHash: z.string('required').check(z.regex(CONTENT_HASH, 'must be "sha256:" and 64 lowercase hex digits')),
  report: z.record(z.string(), z.unknown(), 'must be an object'),
});

export type ReportEnvelope = z.output<typeof envelopeSchema>;

export function isReportId(value: string): boolean {
  return REPORT_ID.test(value);
}
