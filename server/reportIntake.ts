// The contract for a submitted report (docs/sync-protocol.md), apart from HTTP:
// a body and its Idempotency-Key in, an answer out (or several reports in, an
// answer for each out). A report is stored once, acknowledged with the same
// receipt however often it is sent again, and never overwritten by a
// different version. The receiver cannot read a report: it arrives sealed for
// the agency, and is checked and stored as it came (the agency checks its
// content against the report schema when it opens it).
import { referenceFromId } from '../src/contract/referenceCode';
import { SCHEMA_VERSION } from '../src/contract/protocol';
import { sealedReportProblem, type SealedReportProblem } from '../src/contract/sealedReport';
import { problem, type JsonAnswer } from './answer';
import { envelopeSchema, type ReportEnvelope } from '../src/contract/envelope';
import { fieldProblems } from './fieldProblems';
import { nestsDeeperThan } from './jsonDepth';
import { newReceiptId } from './receiptId';
import type { Signer } from './agencySigner';
import { SIGNED_TYPES, type SignedAcknowledgement } from '../src/contract/agencySignature';
import type { ReportStore, StoredReport } from './store';

export interface ReportSubmission {
  body: string;
  idempotencyKey: string | undefined;
}

export interface ReportIntakeOptions {
  store: ReportStore;
  /** The ids of the agency keys reports may be sealed to (every key of config.json's agencyKeys, old ones too). */
  agencyKeyIds: ReadonlySet<string>;
  now: () => number;
  /** Signs every acknowledgement with the agency's signing key (docs/sync-protocol.md, "Signed acknowledgements"). */
  signer: Signer;
  /** The agency's name, as its acknowledgements say it. */
  agencyName: string;
}

/**
 * How deeply an envelope may nest. The app's own nest once (a flat object of
 * strings and a number); anything past this is refused with 400 before it is
 * walked (see jsonDepth.ts).
 */
export const MAX_ENVELOPE_DEPTH = 32;

const nestedTooDeeply = (): JsonAnswer =>
  problem(400, 'nested_too_deeply', `The envelope nests more than ${MAX_ENVELOPE_DEPTH} levels deep.`);

const SEALING_PROBLEMS: Record<SealedReportProblem, () => JsonAnswer> = {
  malformed: () => problem(400, 'invalid_sealed_report', 'sealedReport is not a compact JWE of the sealing suite.'),
  unsupported_algorithm: () =>
    problem(400, 'unsupported_sealing', 'sealedReport is sealed with an algorithm this receiver does not take.'),
  unknown_agency_key: () => problem(400, 'unknown_agency_key', 'sealedReport is sealed to a key this receiver does not know.'),
  header_mismatch: () =>
    problem(400, 'sealed_header_mismatch', "The sealed report's protected header does not repeat the envelope's fields."),
};

/** The acknowledgement of a stored report, signed, or a conflict when the submission is another version of it. */
async function acknowledge(
  stored: StoredReport,
  submitted: ReportEnvelope,
  status: 200 | 201,
  signer: Signer,
  agencyName: string,
): Promise<JsonAnswer> {
  if (stored.envelope.contentHash !== submitted.contentHash) {
    return problem(
      409,
      'conflict',
      'A different version of this report is already stored under this id; the stored version is kept unchanged.',
    );
  }
  const statement: SignedAcknowledgement = {
    id: stored.envelope.id,
    reference: stored.envelope.reference,
    contentHash: stored.envelope.contentHash,
    receiptId: stored.receiptId,
    receivedAt: stored.receivedAt,
    agency: agencyName,
  };
  return {
    status,
    body: {
      id: statement.id,
      receiptId: statement.receiptId,
      receivedAt: statement.receivedAt,
      contentHash: statement.contentHash,
      acknowledgement: await signer.sign(SIGNED_TYPES.acknowledgement, statement),
    },
  };
}

/** A checked envelope: either answered already (a problem), or to be stored. */
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

export function createReportIntake({ store, agencyKeyIds, now, signer, agencyName }: ReportIntakeOptions): ReportIntake {
  function check(json: unknown, idempotencyKey: string | undefined): Checked {
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) {
      return { answer: problem(400, 'invalid_envelope', 'The envelope is malformed.', { fields: fieldProblems(parsed.error.issues) }) };
    }
    // Only the members the schema names are kept: nothing else reaches the database.
    const { id, schemaVersion, reference, createdAt, submittedAt, contentHash, sealedReport } = parsed.data;
    const envelope: ReportEnvelope = { id, schemaVersion, reference, createdAt, submittedAt, contentHash, sealedReport };
    if (idempotencyKey !== envelope.id) {
      return { answer: problem(400, 'idempotency_key_mismatch', 'The Idempotency-Key header must equal the report id.') };
    }
    if (envelope.schemaVersion !== SCHEMA_VERSION) {
      return { answer: problem(400, 'unsupported_schema_version', `This receiver accepts schemaVersion ${SCHEMA_VERSION}.`) };
    }
    if (envelope.reference !== referenceFromId(envelope.id)) {
      return { answer: problem(400, 'reference_mismatch', 'The reference does not belong to the report id.') };
    }
    const sealing = sealedReportProblem(envelope.sealedReport, envelope, agencyKeyIds);
    if (sealing) return { answer: SEALING_PROBLEMS[sealing]() };
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
    return Promise.all(
      results.map(({ stored, inserted }, index) => acknowledge(stored, envelopes[index] as ReportEnvelope, inserted ? 201 : 200, signer, agencyName)),
    );
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
      const checked = check(json, submission.idempotencyKey);
      return 'answer' in checked ? checked.answer : ((await storeAll([checked.envelope]))[0] as JsonAnswer);
    },

    async acceptBatch(reports, maxReportBytes) {
      const checked: Checked[] = [];
      for (const report of reports) {
        // Before anything walks it: JSON.stringify just below, then the schema.
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
        checked.push(check(report, typeof id === 'string' ? id : undefined));
      }
      const stored = await storeAll(checked.flatMap((entry) => ('envelope' in entry ? [entry.envelope] : [])));
      let next = 0;
      return checked.map((entry) => ('answer' in entry ? entry.answer : (stored[next++] as JsonAnswer)));
    },
  };
}
