// The receiver's contract, in memory: stores each report by id with its content
// hash, answers a replay with the original receipt, a different report under a
// known id with 409. It checks what the app sends as the real receiver would.
import { contentHash } from '../../report/contentHash';
import { jsonResponse, type RecordedRequest } from './scriptedFetch';

export interface StoredReport {
  contentHash: string;
  receiptId: string;
  receivedAt: string;
  report: unknown;
}

export interface SimulatedReceiver {
  /** Handles one request as the receiver would. */
  handle(request: RecordedRequest): Promise<Response>;
  /** Stores the report if new; the answer the receiver would give. */
  store(request: RecordedRequest): Promise<{ status: number; body: Record<string, unknown> }>;
  stored: Map<string, StoredReport>;
  /** How many times each id was newly stored (must never exceed 1). */
  inserts: Map<string, number>;
  /** Requests that carried a report different from the one stored under their id. */
  conflicts: number;
  /** Requests the receiver found malformed (wrong hash, wrong key, no token). */
  malformed: number;
}

export function createSimulatedReceiver({ token, now }: { token?: string; now: () => number }): SimulatedReceiver {
  let receipts = 0;
  const receiver: SimulatedReceiver = {
    stored: new Map(),
    inserts: new Map(),
    conflicts: 0,
    malformed: 0,
    async store(request) {
      const { body, headers } = request;
      if (token !== undefined && headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: 'unauthorized' } };
      if (headers['idempotency-key'] !== body.id || body.contentHash !== (await contentHash(body.report))) {
        receiver.malformed += 1;
        return { status: 400, body: { error: 'bad_request', message: 'error.malformed', fields: [] } };
      }
      const existing = receiver.stored.get(body.id);
      if (existing) {
        if (existing.contentHash !== body.contentHash) {
          receiver.conflicts += 1;
          return { status: 409, body: { error: 'conflict', message: 'error.conflict' } };
        }
        return { status: 200, body: { receiptId: existing.receiptId, receivedAt: existing.receivedAt } };
      }
      const entry: StoredReport = {
        contentHash: body.contentHash,
        receiptId: `R-${++receipts}`,
        receivedAt: new Date(now()).toISOString(),
        report: body.report,
      };
      receiver.stored.set(body.id, entry);
      receiver.inserts.set(body.id, (receiver.inserts.get(body.id) ?? 0) + 1);
      return { status: 201, body: { receiptId: entry.receiptId, receivedAt: entry.receivedAt } };
    },
    async handle(request) {
      const { status, body } = await receiver.store(request);
      return jsonResponse(status, body);
    },
  };
  return receiver;
}
