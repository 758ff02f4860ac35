// The engine for a province: PostgreSQL through the `pg` driver, shared by
// any number of receivers. The primary key decides which copy of a report is
// stored; the receivers hold no state of their own.
import pg from 'pg';
import type { ReportEnvelope } from '../src/contract/envelope';
import { schemaTooNewMessage, StoreUnavailableError, type ReportStore, type StoredReport } from './store';

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
  // Version 2: the signed acknowledgement, kept so that a replay is answered
  // with the same one. Rows stored before get theirs on their first replay.
  // Adding a nullable column without a default rewrites no row.
  `ALTER TABLE reports ADD COLUMN acknowledgement text`,
];

/** The advisory lock receivers take to migrate, one at a time: any constant, the same in every release. */
const MIGRATION_LOCK = 0x5348_4f55; // "SHOU"

/** Longer than any honest statement; shorter than the app's 30 s, so that a stuck database gets a 503 rather than a timeout. */
const STATEMENT_TIMEOUT_MS = 15_000;
/** How long a request waits for a connection from the pool, or for a new one, before the answer is 503. */
const CONNECTION_TIMEOUT_MS = 5000;
const IDLE_TIMEOUT_MS = 30_000;

const COLUMNS_PER_ROW = 7;

interface ReportRow {
  receipt_id: string;
  received_at: Date;
  envelope: ReportEnvelope;
  acknowledgement: string | null;
}

/** The columns fromRow reads. */
const ROW_COLUMNS = 'receipt_id, received_at, envelope, acknowledgement';

const fromRow = (row: ReportRow): StoredReport => ({
  envelope: row.envelope,
  receiptId: row.receipt_id,
  receivedAt: row.received_at.toISOString(),
  ...(row.acknowledgement !== null && { acknowledgement: row.acknowledgement }),
});

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
    const values = ordered.flatMap(({ envelope, receiptId, receivedAt, acknowledgement }) => [
      envelope.id,
      envelope.reference,
      envelope.contentHash,
      receiptId,
      receivedAt,
      JSON.stringify(envelope),
      acknowledgement ?? null,
    ]);
    return inTransaction(pool, async (client) => {
      const inserted = await client.query<{ id: string; receipt_id: string }>(
        `INSERT INTO reports (id, reference, content_hash, receipt_id, received_at, envelope, acknowledgement)
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
                  `SELECT id, ${ROW_COLUMNS} FROM reports WHERE id = ANY($1::text[])`,
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
        const { rows } = await pool.query<ReportRow>(`SELECT ${ROW_COLUMNS} FROM reports WHERE id = $1`, [id]);
        return rows[0] ? fromRow(rows[0]) : undefined;
      }),
    insertAllIfAbsent: (reports) => unavailableAsSuch(() => insertAllIfAbsent(reports)),
    keepAcknowledgement: (id, acknowledgement) =>
      unavailableAsSuch(async () => {
        // One statement: of two receivers signing the same old row at once, the
        // second waits for the first's row lock, then keeps what the first stored.
        const { rows } = await pool.query<{ acknowledgement: string }>(
          'UPDATE reports SET acknowledgement = coalesce(acknowledgement, $2) WHERE id = $1 RETURNING acknowledgement',
          [id, acknowledgement],
        );
        if (!rows[0]) throw new Error('A stored report could not be read back');
        return rows[0].acknowledgement;
      }),
    storedInOrder: (after, limit) =>
      unavailableAsSuch(async () => {
        const { rows } = await pool.query<ReportRow & { stored_order: string }>(
          `SELECT stored_order, ${ROW_COLUMNS} FROM reports WHERE stored_order > $1 ORDER BY stored_order LIMIT $2`,
          [after, limit],
        );
        return rows.map((row) => ({ order: Number(row.stored_order), report: fromRow(row) }));
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
