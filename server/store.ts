// What the receiver keeps, and the one interface both database engines
// implement (sqliteStore.ts, postgresStore.ts; openStore.ts picks one). The
// report id is the primary key, so however many copies of a report arrive,
// and however they race, one row is stored and it is never overwritten.
import type { ReportEnvelope } from '../src/contract/envelope';

export interface StoredReport {
  envelope: ReportEnvelope;
  receiptId: string;
  receivedAt: string;
  /**
   * The agency's signed acknowledgement of this receipt (a compact JWS,
   * docs/sync-protocol.md "Signed acknowledgements"), stored with the report so
   * that every copy of it is answered with the same one. Missing only on a row
   * stored before acknowledgements were signed, until its first replay.
   */
  acknowledgement?: string;
}

export interface ReportStore {
  find(id: string): Promise<StoredReport | undefined>;
  /**
   * Stores each report unless its id is already stored, in one transaction
   * (one commit to disk, finished before this resolves); returns for each,
   * in order, what is stored afterwards, and whether it was this call. The
   * stored rows are read in the same transaction, so a report another
   * receiver stored a moment before is returned as that receiver stored it.
   */
  insertAllIfAbsent(reports: readonly StoredReport[]): Promise<{ stored: StoredReport; inserted: boolean }[]>;
  /**
   * Stores the acknowledgement of a report stored without one, unless one is
   * stored by then (another request or receiver was first); returns the one
   * stored afterwards, which every later answer repeats.
   */
  keepAcknowledgement(id: string, acknowledgement: string): Promise<string>;
  /**
   * Up to `limit` stored reports in the order they were stored, from just
   * after the one at `after` (0 for the first page): the agency's export reads
   * them page by page, however many there are.
   */
  storedInOrder(after: number, limit: number): Promise<{ order: number; report: StoredReport }[]>;
  /** Every stored report's id and content hash, oldest first. */
  summaries(): Promise<{ id: string; contentHash: string }[]>;
  deleteAll(): Promise<void>;
  /** Resolves when the database answers a query; rejects when it does not. */
  ping(): Promise<void>;
  /** Waits for queries under way, then closes the connections. */
  close(): Promise<void>;
}

/**
 * Thrown when the database cannot answer now (busy, restarting, out of
 * connections, unreachable), as opposed to a request it refuses: the
 * receiver answers 503 and the client retries. `code` is the engine's own.
 */
export class StoreUnavailableError extends Error {
  readonly code: string;

  constructor(code: string, options: { cause: unknown }) {
    super(`The database is unavailable (${code})`, options);
    this.name = 'StoreUnavailableError';
    this.code = code;
  }
}

/** Why a receiver refuses a database that a newer receiver has migrated. */
export function schemaTooNewMessage(where: string, found: number, known: number): string {
  return `The database ${where} is at schema version ${found}, newer than this receiver knows (${known}): run a receiver at least as new as the one that migrated it.`;
}
