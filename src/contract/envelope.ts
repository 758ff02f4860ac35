// The envelope's schema: what a receiver checks of a report's envelope before
// it looks at the sealed report inside (sealedReport.ts). Apart from
// protocol.ts so that the sender, which writes envelopes but never checks one,
// does not load zod.
import * as z from 'zod/mini';
import { CONTENT_HASH_PATTERN } from './contentHash';
import { REPORT_ID_PATTERN } from './reportId';
import { MAX_SEALED_REPORT_CHARS } from './sealedReport';

/** What the receiver checks of the envelope. The report itself travels sealed: nobody but the agency checks its content. */
export const envelopeSchema = z.object({
  id: z.string('required').check(z.regex(REPORT_ID_PATTERN, 'must be a UUID in lowercase')),
  schemaVersion: z.int('must be an integer'),
  reference: z.string('required'),
  createdAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  submittedAt: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time' }),
  contentHash: z.string('required').check(z.regex(CONTENT_HASH_PATTERN, 'must be "sha256:" and 64 lowercase hex digits')),
  sealedReport: z.string('required').check(
    z.maxLength(MAX_SEALED_REPORT_CHARS, `must be at most ${MAX_SEALED_REPORT_CHARS} characters`),
  ),
  // A report in clear is refused, not dropped in silence: the sender is an app from before sealing.
  report: z.optional(z.never('must not be sent in clear: seal it for the agency (update the app)')),
});

/** What goes over the wire for one report. */
export type ReportEnvelope = Omit<z.output<typeof envelopeSchema>, 'report'>;
