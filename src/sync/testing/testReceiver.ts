// The reference receiver's own rules as a peer for sync tests: its intake
// (server/reportIntake.ts), its batch answer and its token check, over its
// SQLite store in memory. The engine is proven against the receiver's code,
// not against a copy of its rules; only the HTTP around it is left out.
import { bearerTokenAccepted } from '../../../server/auth';
import { answerBatch } from '../../../server/batchAnswer';
import { createReportIntake } from '../../../server/reportIntake';
import { openSqliteStore } from '../../../server/sqliteStore';
import type { StoredReport as ReceiverRow } from '../../../server/store';
import { contentHash } from '../../contract/contentHash';
import { SCHEMA_VERSION, writeEnvelope, type BatchLimits } from '../../contract/protocol';
import { referenceFromId } from '../../contract/referenceCode';
import type { Report } from '../../contract/schema';
import { sealReportFor } from '../../contract/sealReportFor';
import { TEST_AGENCY_PUBLIC_KEY } from '../../contract/testing/agencyTestKey';
import { jsonResponse, type RecordedRequest } from './scriptedFetch';
import { testSigning } from '../../../server/testing/testSigning';

/** What the receiver holds of a report, as tests look at it. */
export interface StoredCopy {
  contentHash: string;
  receiptId: string;
  receivedAt: string;
  /** As it came: the receiver cannot open it. */
  sealedReport: string;
}

export interface TestReceiver {
  /** Answers one request as the receiver would. */
  handle(request: RecordedRequest): Promise<Response>;
  /** Takes the request in as the receiver would; its answer's status and body (for a test that then loses the answer). */
  store(request: RecordedRequest): Promise<{ status: number; body: unknown }>;
  /** What is stored now, by id. */
  stored(): Promise<Map<string, StoredCopy>>;
  /** Stores another report under `id`, as if someone else had sent it first. */
  storeOther(id: string, report: Report): Promise<void>;
  /** Empties the store, as an operator who removes the receiver's copies. */
  removeAll(): Promise<void>;
  /** How many times the receiver answered "stored now" (201) for each id. */
  inserts: Map<string, number>;
  /** Answers that refused a report as another version of one stored (409). */
  conflicts: number;
  /** Answers that refused a report as malformed (400: a sealed header that does not match, a wrong key). */
  malformed: number;
}

/** Batches as large as any engine sends: the engine's own limits decide how it packs them. */
const ANY_BATCH: BatchLimits = { maxReports: 1000, maxBytes: 64 * 1024 * 1024 };
const MAX_REPORT_BYTES = 1024 * 1024;

export function createTestReceiver({ token, now }: { token?: string; now: () => number }): TestReceiver {
  const store = openSqliteStore(':memory:');
  const intake = createReportIntake({ store, agencyKeyIds: new Set([TEST_AGENCY_PUBLIC_KEY.kid]), now, ...testSigning() });

  /** Counts an answer to one report: stored now, a conflict, or a refusal. */
  const count = (id: unknown, status: number) => {
    if (status === 201 && typeof id === 'string') receiver.inserts.set(id, (receiver.inserts.get(id) ?? 0) + 1);
    if (status === 409) receiver.conflicts += 1;
    if (status === 400) receiver.malformed += 1;
  };

  async function take(request: RecordedRequest): Promise<{ status: number; body: unknown }> {
    if (!bearerTokenAccepted(request.headers.authorization, token)) return { status: 401, body: { error: 'unauthorized' } };
    if (!request.batch) {
      const answer = await intake.acceptReport({ body: JSON.stringify(request.body), idempotencyKey: request.headers['idempotency-key'] });
      count(request.body.id, answer.status);
      return { status: answer.status, body: answer.body };
    }
    const answer = await answerBatch(intake, JSON.stringify({ reports: request.reports }), ANY_BATCH, MAX_REPORT_BYTES);
    const results = (answer.body as { results?: { status: number }[] }).results ?? [];
    results.forEach((result, index) => count(request.reports[index]?.id, result.status));
    return { status: answer.status, body: answer.body };
  }

  const receiver: TestReceiver = {
    inserts: new Map(),
    conflicts: 0,
    malformed: 0,
    store: take,
    async handle(request) {
      const { status, body } = await take(request);
      return jsonResponse(status, body);
    },
    async stored() {
      const copies = new Map<string, StoredCopy>();
      for (const { id } of await store.summaries()) {
        const row = (await store.find(id)) as ReceiverRow;
        const { contentHash: hash, sealedReport } = row.envelope;
        copies.set(id, { contentHash: hash, receiptId: row.receiptId, receivedAt: row.receivedAt, sealedReport });
      }
      return copies;
    },
    async storeOther(id, report) {
      const at = new Date(now()).toISOString();
      const fields = { id, reference: referenceFromId(id), createdAt: at, submittedAt: at, contentHash: await contentHash(report) };
      const sealedReport = await sealReportFor(TEST_AGENCY_PUBLIC_KEY, { ...fields, schemaVersion: SCHEMA_VERSION }, report);
      const envelope = writeEnvelope({ ...fields, sealedReport });
      await store.insertAllIfAbsent([{ envelope, receiptId: 'R-other', receivedAt: at }]);
    },
    removeAll: () => store.deleteAll(),
  };
  return receiver;
}
