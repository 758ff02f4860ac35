// The engine for a province: PostgreSQL through the `pg` driver, shared by
// any number of receivers. The primary key decides which copy of a report is
// stored; the receivers hold no state of their own.
import pg from 'pg';
import type { ReportEnvelope } from '../src/contract/envelope';
import type { ReportStatus } from '../src/contract/reportStatus';
import {
  schemaTooNewMessage,
  StoreUnavailableError,
  type InboxQuery,
  type ReportStore,
  type ReportWithStatus,
  type StoredReport,
} from './store';
import { LATEST_STATUS_SELECT, latestStatusIn, statusFromRow, type LatestStatusColumns, type StatusRow } from './statusRows';

export const DEFAULT_POOL_SIZE = 10;

// Each version is applied once, in order, and never edited after release: add a new one instead.
const MIGRATIONS: readonly string[] = [
  // envelope is json, not jsonb: json keeps the text as received, and jsonb
  // refuses "\u0000", which a report may carry.
  `CREATE TABLE reports (
     id text PRIMARY KEY,
     reference text NOT NULL,
     content_hash text NOT NULL,
     receipt_id text NOT NULL UNIQUE,
     received_at timestamptz NOT NULL,
     envelope json NOT NULL,
     stored_order bigint GENERATED ALWAYS AS IDENTITY
   )`,
  // Version 2: each report's status history (docs/sync-protocol.md,
  // "Statuses"), append-only: the triggers refuse every UPDATE, DELETE and
  // TRUNCATE (an INSERT … ON CONFLICT DO UPDATE is an UPDATE). The primary
  // key gives each (report, seq) one entry: of two officers changing a
  // report at once, one wins. The inbox lists reports newest received first.
  `CREATE TABLE report_status (
     report_id text NOT NULL,
     seq integer NOT NULL CHECK (seq >= 1),
     status text NOT NULL CHECK (status IN ('accepted', 'case_opened', 'referred', 'needs_information', 'closed')),
     referred_to text CHECK ((referred_to IS NOT NULL) = (status = 'referred') AND (referred_to IS NULL OR referred_to IN ('civil_affairs', 'education', 'other'))),
     note text,
     at timestamptz NOT NULL,
     change text NOT NULL,
     PRIMARY KEY (report_id, seq)
   );
   CREATE INDEX report_status_by_status ON report_status (status);
   CREATE FUNCTION report_status_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       RAISE EXCEPTION 'report_status is append-only: % refused', TG_OP;
     END
   $$;
   CREATE TRIGGER report_status_no_update_or_delete BEFORE UPDATE OR DELETE ON report_status
     FOR EACH ROW EXECUTE FUNCTION report_status_append_only();
   CREATE TRIGGER report_status_no_truncate BEFORE TRUNCATE ON report_status
     FOR EACH STATEMENT EXECUTE FUNCTION report_status_append_only();
   CREATE INDEX reports_by_received ON reports (received_at, id);`,
];

/** The advisory lock receivers take to migrate, one at a time: any constant, the same in every release. */
const MIGRATION_LOCK = 0x5348_4f55; // "SHOU"

/** Longer than any honest statement; shorter than the app's 30 s, so that a stuck database gets a 503 rather than a timeout. */
const STATEMENT_TIMEOUT_MS = 15_000;
/** How long a request waits for a connection from the pool, or for a new one, before the answer is 503. */
const CONNECTION_TIMEOUT_MS = 5000;
const IDLE_TIMEOUT_MS = 30_000;

const COLUMNS_PER_ROW = 6;

interface ReportRow {
  receipt_id: string;
  received_at: Date;
  envelope: ReportEnvelope;
}

const fromRow = (row: ReportRow): StoredReport => ({
  envelope: row.envelope,
  receiptId: row.receipt_id,
  receivedAt: row.received_at.toISOString(),
});

type ReportWithStatusRow = ReportRow & LatestStatusColumns;

const withStatusFromRow = (row: ReportWithStatusRow): ReportWithStatus => ({ report: fromRow(row), latest: latestStatusIn(row) });

/** Each report with its latest change, if any: the one entry of its history with the highest seq. */
const WITH_LATEST_STATUS = `
  SELECT r.*, ${LATEST_STATUS_SELECT}
  FROM reports r
  LEFT JOIN LATERAL (SELECT * FROM report_status m WHERE m.report_id = r.id ORDER BY m.seq DESC LIMIT 1) s ON true`;

/** A page's statement and its parameters: with a cursor or without, and by filter, so that each uses the index on (received_at, id). */
function pageQuery({ limit, before, status }: InboxQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [limit];
  const conditions: string[] = [];
  if (before) {
    values.push(before.receivedAt, before.id);
    conditions.push(`(r.received_at, r.id) < ($${values.length - 1}::timestamptz, $${values.length})`);
  }
  if (status === 'received') conditions.push('s.report_id IS NULL');
  else if (status !== undefined) {
    values.push(status);
    conditions.push(`s.status = $${values.length}`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  return { text: `${WITH_LATEST_STATUS} ${where} ORDER BY r.received_at DESC, r.id DESC LIMIT $1`, values };
}

async function countReports(pool: pg.Pool, status: ReportStatus | undefined): Promise<number> {
  const { rows } =
    status === undefined
      ? await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM reports')
      : status === 'received'
        ? await pool.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_status s WHERE s.report_id = r.id)',
          )
        : await pool.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM report_status s JOIN reports r ON r.id = s.report_id
             WHERE s.status = $1 AND NOT EXISTS (SELECT 1 FROM report_status later WHERE later.report_id = s.report_id AND later.seq > s.seq)`,
            [status],
          );
  return rows[0]?.n ?? 0;
}

/**
 * Whether an error means the database cannot answer now, rather than that it
 * refused a statement: the connection classes (08), rollbacks a retry cures
 * (40: serialization, deadlock), lack of resources (53), operator
 * intervention and timeouts (57), system errors (58), "not now" states (55:
 * a database not accepting connections, a lock not available), and the
 * network and pool failures that carry no SQLSTATE.
 */
function unavailableCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^(08|40|53|55|57|58)[0-9A-Z]{3}$/.test(code)) return code;
    if ('syscall' in error) return code; // ECONNREFUSED, ECONNRESET, ENOENT on a socket path…
    return undefined;
  }
  // pg and pg-pool raise these as plain errors without a code.
  if (error.constructor === Error && /Connection terminated|timeout exceeded when trying to connect|not queryable/.test(error.message)) {
    return 'connection_lost';
  }
  return undefined;
}

async function unavailableAsSuch<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code = unavailableCode(error);
    throw code ? new StoreUnavailableError(code, { cause: error }) : error;
  }
}

async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A broken connection cannot roll back; the server does so when it goes.
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    // Receivers started together take turns; DDL is transactional, so one
    // stopped halfway leaves nothing half done.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS shouhu_schema (
         only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
         version integer NOT NULL
       )`,
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM shouhu_schema');
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      const { rows: named } = await client.query<{ name: string }>('SELECT current_database() AS name');
      throw new Error(schemaTooNewMessage(`"${named[0]?.name}"`, current, MIGRATIONS.length));
    }
    for (const sql of MIGRATIONS.slice(current)) await client.query(sql);
    await client.query(
      'INSERT INTO shouhu_schema (version) VALUES ($1) ON CONFLICT (only_row) DO UPDATE SET version = excluded.version',
      [MIGRATIONS.length],
    );
  });
}

export interface PostgresStoreOptions {
  /** Connections this receiver holds at most. */
  poolSize: number;
  /** Where a connection that fails while idle is reported. */
  log: (line: string) => void;
}

export async function openPostgresStore(url: string, { poolSize, log }: PostgresStoreOptions): Promise<ReportStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    // An acknowledgement is sent after the commit is on disk (and on a
    // synchronous standby, where one is configured), whatever the server's default.
    options: '-c synchronous_commit=on',
    fallback_application_name: 'shouhu-receiver',
  });
  // A pooled connection that breaks while idle (a restart, a failover) is
  // dropped and replaced on the next query; without a listener it would end the process.
  pool.on('error', (error) => log(`${new Date().toISOString()} database connection lost while idle: ${unavailableCode(error) ?? error.message}`));
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }

  async function insertAllIfAbsent(reports: readonly StoredReport[]): Promise<{ stored: StoredReport; inserted: boolean }[]> {
    if (reports.length === 0) return [];
    // In id order: two batches that share ids then lock them in the same order and cannot deadlock.
    const ordered = [...reports].sort((a, b) => (a.envelope.id < b.envelope.id ? -1 : a.envelope.id > b.envelope.id ? 1 : 0));
    const placeholders = ordered.map((_, row) => {
      const first = row * COLUMNS_PER_ROW;
      return `(${Array.from({ length: COLUMNS_PER_ROW }, (_, column) => `$${first + column + 1}`).join(', ')})`;
    });
    const values = ordered.flatMap(({ envelope, receiptId, receivedAt }) => [
      envelope.id,
      envelope.reference,
      envelope.contentHash,
      receiptId,
      receivedAt,
      JSON.stringify(envelope),
    ]);
    return inTransaction(pool, async (client) => {
      const inserted = await client.query<{ id: string; receipt_id: string }>(
        `INSERT INTO reports (id, reference, content_hash, receipt_id, received_at, envelope)
         VALUES ${placeholders.join(', ')}
         ON CONFLICT (id) DO NOTHING
         RETURNING id, receipt_id`,
        values,
      );
      const insertedReceipts = new Map(inserted.rows.map((row) => [row.id, row.receipt_id]));
      // The rows another transaction stored first, read in this one: a replay
      // and another version are told apart by what is really stored.
      const othersIds = [...new Set(reports.map((report) => report.envelope.id))].filter((id) => !insertedReceipts.has(id));
      const others =
        othersIds.length === 0
          ? new Map<string, StoredReport>()
          : new Map(
              (
                await client.query<ReportRow & { id: string }>(
                  'SELECT id, receipt_id, received_at, envelope FROM reports WHERE id = ANY($1::text[])',
                  [othersIds],
                )
              ).rows.map((row) => [row.id, fromRow(row)]),
            );
      const byReceipt = new Map(reports.map((report) => [report.receiptId, report]));
      return reports.map((report) => {
        const winner = insertedReceipts.get(report.envelope.id);
        const stored = winner === undefined ? others.get(report.envelope.id) : byReceipt.get(winner);
        if (!stored) throw new Error('A report just stored could not be read back');
        return { stored, inserted: winner === report.receiptId };
      });
    });
  }

  let closing: Promise<void> | undefined;
  return {
    find: (id) =>
      unavailableAsSuch(async () => {
        const { rows } = await pool.query<ReportRow>('SELECT receipt_id, received_at, envelope FROM reports WHERE id = $1', [id]);
        return rows[0] ? fromRow(rows[0]) : undefined;
      }),
    insertAllIfAbsent: (reports) => unavailableAsSuch(() => insertAllIfAbsent(reports)),
    storedInOrder: (after, limit) =>
      unavailableAsSuch(async () => {
        const { rows } = await pool.query<ReportRow & { stored_order: string }>(
          'SELECT stored_order, receipt_id, received_at, envelope FROM reports WHERE stored_order > $1 ORDER BY stored_order LIMIT $2',
          [after, limit],
        );
        return rows.map((row) => ({ order: Number(row.stored_order), report: fromRow(row) }));
      }),
    inboxPage: (query) =>
      unavailableAsSuch(async () => (await pool.query<ReportWithStatusRow>(pageQuery(query))).rows.map(withStatusFromRow)),
    countReports: (status) => unavailableAsSuch(() => countReports(pool, status)),
    findWithHistory: (id) =>
      unavailableAsSuch(async () => {
        const [reports, history] = await Promise.all([
          pool.query<ReportRow>('SELECT * FROM reports WHERE id = $1', [id]),
          pool.query<StatusRow>('SELECT * FROM report_status WHERE report_id = $1 ORDER BY seq', [id]),
        ]);
        return reports.rows[0] ? { report: fromRow(reports.rows[0]), history: history.rows.map(statusFromRow) } : undefined;
      }),
    latestStatuses: (ids) =>
      unavailableAsSuch(async () => {
        const { rows } = await pool.query<StatusRow>(
          `SELECT DISTINCT ON (s.report_id) s.* FROM report_status s JOIN reports r ON r.id = s.report_id
           WHERE s.report_id = ANY($1::text[]) ORDER BY s.report_id, s.seq DESC`,
          [[...new Set(ids)]],
        );
        return rows.map(statusFromRow);
      }),
    appendStatus: (entry) =>
      unavailableAsSuch(async () => {
        // Of two inserts of one place, the second waits for the first to commit, then inserts nothing.
        const { rowCount } = await pool.query(
          `INSERT INTO report_status (report_id, seq, status, referred_to, note, at, change)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (report_id, seq) DO NOTHING`,
          [entry.reportId, entry.seq, entry.status, entry.referredTo ?? null, entry.note ?? null, entry.at, entry.change],
        );
        return rowCount === 1;
      }),
    summaries: () =>
      unavailableAsSuch(async () => {
        const { rows } = await pool.query<{ id: string; content_hash: string }>('SELECT id, content_hash FROM reports ORDER BY stored_order');
        return rows.map((row) => ({ id: row.id, contentHash: row.content_hash }));
      }),
    deleteAll: () => unavailableAsSuch(async () => void (await pool.query('DELETE FROM reports'))),
    ping: () => unavailableAsSuch(async () => void (await pool.query('SELECT 1'))),
    close: () => (closing ??= pool.end()),
  };
}
