// The contract for a submitted report (docs/sync-protocol.md), apart from HTTP:
// a body and its Idempotency-Key in, an answer out. A report is stored once,
// acknowledged with the same receipt however often it is sent again, and never
// overwritten by a different version.
import { contentHash } from '../src/report/contentHash';
import { SCHEMA_VERSION, type createReportSchema } from '../src/report/schema';
import { referenceFromId } from '../src/receipt/referenceCode';
import { problem, type JsonAnswer } from './answer';
import { envelopeSchema, type ReportEnvelope } from './envelope';
import { fieldProblems } from './fieldProblems';
import { newReceiptId } from './receiptId';
import type { ReportStore, StoredReport } from './store';

export interface ReportSubmission {
  body: string;
  idempotencyKey: string | undefined;
}

export interface ReportIntakeOptions {
  store: ReportStore;
  reportSchema: ReturnType<typeof createReportSchema>;
  now: () => number;
}

async function hashOf(report: unknown): Promise<string | undefined> {
  try {
    return await contentHash(report);
  } catch {
    return undefined; // nested too deeply to walk: no honest client sends that
  }
}

/** The acknowledgement of a stored report, or a conflict when the submission is another version of it. */
function acknowledge(stored: StoredReport, submitted: ReportEnvelope, status: 200 | 201): JsonAnswer {
  if (stored.envelope.contentHash !== submitted.contentHash) {
    return problem(
      409,
      'conflict',
      'A different version of this report is already stored under this id; the stored version is kept unchanged.',
    );
  }
  return {
    status,
    body: {
      id: stored.envelope.id,
      receiptId: stored.receiptId,
      receivedAt: stored.receivedAt,
      contentHash: stored.envelope.contentHash,
    },
  };
}

export function createReportIntake({ store, reportSchema, now }: ReportIntakeOptions) {
  return async function acceptReport(submission: ReportSubmission): Promise<JsonAnswer> {
    let json: unknown;
    try {
      json = JSON.parse(submission.body);
    } catch {
      return problem(400, 'malformed_json', 'The body is not valid JSON.');
    }
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) {
      return problem(400, 'invalid_envelope', 'The envelope is malformed.', { fields: fieldProblems(parsed.error.issues) });
    }
    const envelope = parsed.data;
    if (submission.idempotencyKey !== envelope.id) {
      return problem(400, 'idempotency_key_mismatch', 'The Idempotency-Key header must equal the report id.');
    }
    if (envelope.schemaVersion !== SCHEMA_VERSION) {
      return problem(400, 'unsupported_schema_version', `This receiver accepts schemaVersion ${SCHEMA_VERSION}.`);
    }
    if (envelope.reference !== referenceFromId(envelope.id)) {
      return problem(400, 'reference_mismatch', 'The reference does not belong to the report id.');
    }
    if ((await hashOf(envelope.report)) !== envelope.contentHash) {
      return problem(400, 'content_hash_mismatch', 'The contentHash is not the hash of the report.');
    }

    // A replay is acknowledged as it was the first time, before the schema is
    // consulted: a report once accepted stays accepted.
    const existing = store.find(envelope.id);
    if (existing) return acknowledge(existing, envelope, 200);

    const checked = reportSchema.safeParse(envelope.report);
    if (!checked.success) {
      return problem(422, 'invalid_report', 'The report does not satisfy the schema.', {
        fields: fieldProblems(checked.error.issues),
      });
    }

    const receivedAt = new Date(now());
    // Another request may have stored the same id since the look-up above; the
    // primary key decides, and the loser answers from what the winner stored.
    const { stored, inserted } = store.insertIfAbsent({
      envelope,
      receiptId: newReceiptId(receivedAt),
      receivedAt: receivedAt.toISOString(),
    });
    return acknowledge(stored, envelope, inserted ? 201 : 200);
  };
}

export type AcceptReport = ReturnType<typeof createReportIntake>;
