// The receiver's contract, in memory: stores each report by id with its content
// hash, answers a replay with the original receipt, a different report under a
// known id with 409, one report or a batch. It checks what the app sends as the
// real receiver would.
import { readProtectedHeader } from '../../contract/sealedReport';
import { jsonResponse, type Envelope, type RecordedRequest } from './scriptedFetch';

export interface StoredReport {
  contentHash: string;
  receiptId: string;
  receivedAt: string;
  /** As it came: the receiver cannot open it. */
  sealedReport: string;
}

export interface SimulatedReceiver {
  /** Handles one request as the receiver would. */
  handle(request: RecordedRequest): Promise<Response>;
  /** Stores the request's reports that are new; the answer the receiver would give. */
  store(request: RecordedRequest): Promise<{ status: number; body: Record<string, unknown> }>;
  stored: Map<string, StoredReport>;
  /** How many times each id was newly stored (must never exceed 1). */
  inserts: Map<string, number>;
  /** Reports that came with a report different from the one stored under their id. */
  conflicts: number;
  /** Reports the receiver found malformed (a sealed header that does not match, a wrong key). */
  malformed: number;
}

type Answer = { status: number; body: Record<string, unknown> };

export function createSimulatedReceiver({ token, now }: { token?: string; now: () => number }): SimulatedReceiver {
  let receipts = 0;

  /** One report, as the single route or a batch answers it. */
  async function storeOne(envelope: Envelope, idempotencyKey: string | undefined): Promise<Answer> {
    if (idempotencyKey !== envelope.id || readProtectedHeader(envelope.sealedReport)?.contentHash !== envelope.contentHash) {
      receiver.malformed += 1;
      return { status: 400, body: { error: 'bad_request', message: 'error.malformed', fields: [] } };
    }
    const existing = receiver.stored.get(envelope.id);
    if (existing) {
      if (existing.contentHash !== envelope.contentHash) {
        receiver.conflicts += 1;
        return { status: 409, body: { error: 'conflict', message: 'error.conflict' } };
      }
      return { status: 200, body: { id: envelope.id, receiptId: existing.receiptId, receivedAt: existing.receivedAt, contentHash: existing.contentHash } };
    }
    const entry: StoredReport = {
      contentHash: envelope.contentHash,
      receiptId: `R-${++receipts}`,
      receivedAt: new Date(now()).toISOString(),
      sealedReport: envelope.sealedReport,
    };
    receiver.stored.set(envelope.id, entry);
    receiver.inserts.set(envelope.id, (receiver.inserts.get(envelope.id) ?? 0) + 1);
    return { status: 201, body: { id: envelope.id, receiptId: entry.receiptId, receivedAt: entry.receivedAt, contentHash: entry.contentHash } };
  }

  const receiver: SimulatedReceiver = {
    stored: new Map(),
    inserts: new Map(),
    conflicts: 0,
    malformed: 0,
    async store(request) {
      const { headers } = request;
      if (token !== undefined && headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: 'unauthorized' } };
      if (!request.batch) return storeOne(request.body, headers['idempotency-key']);
      const results: Record<string, unknown>[] = [];
      for (const envelope of request.reports) {
        const { status, body } = await storeOne(envelope, envelope.id);
        results.push({ status, ...body });
      }
      return { status: 200, body: { results } };
    },
    async handle(request) {
      const { status, body } = await receiver.store(request);
      return jsonResponse(status, body);
    },
  };
  return receiver;
}
