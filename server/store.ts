// What the receiver keeps, and the one interface both database engines
// implement (sqliteStore.ts, postgresStore.ts; openStore.ts picks one). The
// report id is the primary key, so however many copies of a report arrive,
// and however they race, one row is stored and it is never overwritten.
import type { ReportEnvelope } from '../src/contract/envelope';
import type { ReferralDepartment, ReportStatus, SetStatus } from '../src/contract/reportStatus';

export interface StoredReport {
  envelope: ReportEnvelope;
  receiptId: string;
  receivedAt: string;
}

/**
 * One change of a report's status, as kept in its append-only history
 * (docs/sync-protocol.md, "Statuses"): the signed change and, beside it in
 * clear, the members the inbox filters and orders by.
 */
export interface StatusEntry {
  reportId: string;
  /** 1 for a report's first change, then 2, 3…: the database keeps one entry per (report, seq). */
  seq: number;
  status: SetStatus;
  referredTo?: ReferralDepartment;
  note?: string;
  at: string;
  /** The signed StatusChange, a compact JWS (typ "shouhu-status"). */
  change: string;
}

/** A stored report and the latest change of its status; none while it is still "received". */
export interface ReportWithStatus {
  report: StoredReport;
  latest: StatusEntry | undefined;
}

/** Where a page of the inbox starts: just after this report, in the order newest received first. */
export interface InboxCursor {
  receivedAt: string;
  id: string;
}

export interface InboxQuery {
  limit: number;
  before?: InboxCursor;
  /** Only reports whose current status is this ("received": no change yet). */
  status?: ReportStatus;
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
   * Up to `limit` stored reports in the order they were stored, from just
   * after the one at `after` (0 for the first page): the agency's export reads
   * them page by page, however many there are.
   */
  storedInOrder(after: number, limit: number): Promise<{ order: number; report: StoredReport }[]>;
  /** Up to `limit` stored reports, newest received first (then by id), with their latest status, from just after `before`. */
  inboxPage(query: InboxQuery): Promise<ReportWithStatus[]>;
  /** How many stored reports have the status (all of them without one). */
  countReports(status?: ReportStatus): Promise<number>;
  /** A stored report and its whole status history, oldest first. */
  findWithHistory(id: string): Promise<{ report: StoredReport; history: StatusEntry[] } | undefined>;
  /** The latest status change of each of these ids that is a stored report with at least one; the others are simply absent. */
  latestStatuses(ids: readonly string[]): Promise<StatusEntry[]>;
  /**
   * Appends a change to a report's history unless its (report, seq) is taken:
   * false when another change got that place first. Nothing ever updates or
   * deletes an entry (the database refuses to).
   */
  appendStatus(entry: StatusEntry): Promise<boolean>;
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
