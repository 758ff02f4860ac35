// The contract for a submitted report (docs/sync-protocol.md), apart from HTTP:
// a body and its Idempotency-Key in, an answer out (or several reports in, an
// answer for each out). A report is stored once, acknowledged with the same
// receipt however often it is sent again, and never overwritten by a
// different version.
import { contentHash } from '../src/contract/contentHash';
import { SCHEMA_VERSION, type createReportSchema } from '../src/contract/schema';
import { referenceFromId } from '../src/contract/referenceCode';
import { problem, type JsonAnswer } from './answer';
import { envelopeSchema, type ReportEnvelope } from '../src/contract/envelope';
import { fieldProblems } from './fieldProblems';
import { nestsDeeperThan } from './jsonDepth';
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

/**
 * How deeply an envelope may nest. The app's own nest four levels (the
 * envelope, the report, a section, a list of choices); anything past this is
 * refused with 400 before it is walked (see jsonDepth.ts).
 */
export const MAX_ENVELOPE_DEPTH = 32;

const nestedTooDeeply = (): JsonAnswer =>
  problem(400, 'nested_too_deeply', `The envelope nests more than ${MAX_ENVELOPE_DEPTH} levels deep.`);

async function hashOf(report: unknown): Promise<string | undefined> {
  try {
    return await contentHash(report);
  } catch {
    return undefined; // a number JSON cannot write, e.g. 1e999 parsed as Infinity
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

/** A checked envelope: either answered already (a problem, or a replay that fails the schema now), or to be stored. */
type Checked = { answer: JsonAnswer } | { envelope: ReportEnvelope };

export interface ReportIntake {
  /** One report POSTed on its own: its body and Idempotency-Key in, its answer out. */
  acceptReport(submission: ReportSubmission): Promise<JsonAnswer>;
  /**
   * Several reports in one request (POST /api/reports/batch): an answer for
   * each, in order, each what it would get on its own. The new ones are stored
   * in one transaction. A report whose JSON is over maxReportBytes gets 413.
   */
  acceptBatch(reports: readonly unknown[], maxReportBytes: number): Promise<JsonAnswer[]>;
}

export function createReportIntake({ store, reportSchema, now }: ReportIntakeOptions): ReportIntake {
  async function check(json: unknown, idempotencyKey: string | undefined): Promise<Checked> {
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) {
      return { answer: problem(400, 'invalid_envelope', 'The envelope is malformed.', { fields: fieldProblems(parsed.error.issues) }) };
    }
    const envelope = parsed.data;
    if (idempotencyKey !== envelope.id) {
      return { answer: problem(400, 'idempotency_key_mismatch', 'The Idempotency-Key header must equal the report id.') };
    }
    if (envelope.schemaVersion !== SCHEMA_VERSION) {
      return { answer: problem(400, 'unsupported_schema_version', `This receiver accepts schemaVersion ${SCHEMA_VERSION}.`) };
    }
    if (envelope.reference !== referenceFromId(envelope.id)) {
      return { answer: problem(400, 'reference_mismatch', 'The reference does not belong to the report id.') };
    }
    if ((await hashOf(envelope.report)) !== envelope.contentHash) {
      return { answer: problem(400, 'content_hash_mismatch', 'The contentHash is not the hash of the report.') };
    }

    const checked = reportSchema.safeParse(envelope.report);
    if (!checked.success) {
      // A report once accepted stays accepted: a replay is acknowledged as it
      // was the first time even when it would fail the schema now (a receiver
      // clock set back, a stricter release). Only here is the store asked
      // before the insert: a report that passes goes straight to it.
      const existing = await store.find(envelope.id);
      if (existing) return { answer: acknowledge(existing, envelope, 200) };
      return {
        answer: problem(422, 'invalid_report', 'The report does not satisfy the schema.', {
          fields: fieldProblems(checked.error.issues),
        }),
      };
    }
    return { envelope };
  }

  /** Stores the reports not stored yet, in one transaction, and answers each. */
  async function storeAll(envelopes: readonly ReportEnvelope[]): Promise<JsonAnswer[]> {
    if (envelopes.length === 0) return [];
    const receivedAt = new Date(now());
    // The primary key decides, not a look-up beforehand: a report stored
    // earlier, or by another request or receiver a moment ago, is answered from
    // what is stored (the same version: 200 and its receipt; another: 409).
    const results = await store.insertAllIfAbsent(
      envelopes.map((envelope) => ({ envelope, receiptId: newReceiptId(receivedAt), receivedAt: receivedAt.toISOString() })),
    );
    return results.map(({ stored, inserted }, index) => acknowledge(stored, envelopes[index] as ReportEnvelope, inserted ? 201 : 200));
  }

  return {
    async acceptReport(submission) {
      let json: unknown;
      try {
        json = JSON.parse(submission.body);
      } catch {
        return problem(400, 'malformed_json', 'The body is not valid JSON.');
      }
      if (nestsDeeperThan(json, MAX_ENVELOPE_DEPTH)) return nestedTooDeeply();
      const checked = await check(json, submission.idempotencyKey);
      return 'answer' in checked ? checked.answer : ((await storeAll([checked.envelope]))[0] as JsonAnswer);
    },

    async acceptBatch(reports, maxReportBytes) {
      const checked: Checked[] = [];
      for (const report of reports) {
        // Before anything walks it: JSON.stringify just below, then the hash and the schemas.
        if (nestsDeeperThan(report, MAX_ENVELOPE_DEPTH)) {
          checked.push({ answer: nestedTooDeeply() });
          continue;
        }
        if (Buffer.byteLength(JSON.stringify(report)) > maxReportBytes) {
          checked.push({ answer: problem(413, 'payload_too_large', `The report is larger than ${maxReportBytes} bytes.`) });
          continue;
        }
        // In a batch each report's own id stands for its Idempotency-Key.
        const id = typeof report === 'object' && report !== null ? (report as { id?: unknown }).id : undefined;
        checked.push(await check(report, typeof id === 'string' ? id : undefined));
      }
      const stored = await storeAll(checked.flatMap((entry) => ('envelope' in entry ? [entry.envelope] : [])));
      let next = 0;
      return checked.map((entry) => ('answer' in entry ? entry.answer : (stored[next++] as JsonAnswer)));
    },
  };
}
