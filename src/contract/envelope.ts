// The envelope's schema: what a receiver checks of a report's envelope, and
// what a moved report is checked by (src/vault/transfer). Apart from
// protocol.ts so that the sender, which writes envelopes but never checks one,
// does not load zod.
import * as z from 'zod/mini';
import { CONTENT_HASH_PATTERN } from './contentHash';
import { REPORT_ID_PATTERN } from './reportId';

/** What the receiver checks of the envelope, and what an export file's reports are checked by. */
export const envelopeSchema = z.object({
  id: z.string('required').check(z.regex(REPORT_ID_PATTERN, 'must be a UUID in lowercase')),
  schemaVersion: z.int('must be an integer'),
  reference: z.string('required'),
  createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  submittedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  contentHash: z.string('required').check(z.regex(CONTENT_HASH_PATTERN, 'must be "sha256:" and 64 lowercase hex digits')),
  // Checked apart, with the report schema, so that its problems come back as 422 and a broken envelope's as 400.
  report: z.record(z.string(), z.unknown(), 'must be an object'),
});

/** What goes over the wire for one report. */
export type ReportEnvelope = z.output<typeof envelopeSchema>;

