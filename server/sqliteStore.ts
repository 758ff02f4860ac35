// The embedded engine: one SQLite file, for `npm start`, a pilot or a county.
// better-sqlite3 is synchronous; each call finishes (and commits) before its
// promise is returned.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ReportEnvelope } from '../src/contract/envelope';
import { schemaTooNewMessage, StoreUnavailableError, type ReportStore, type StoredReport } from './store';

interface ReportRow {
  id: string;
  reference: string;
  content_hash: string;
  receipt_id: string;
  received_at: string;
  envelope: string;
  acknowledgement: string | null;
}

// Each version is applied once, in order, and never edited after release: add a new one instead.
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE reports (
     id TEXT PRIMARY KEY,
     reference TEXT NOT NULL,
     content_hash TEXT NOT NULL,
     receipt_id TEXT NOT NULL UNIQUE,
     received_at TEXT NOT NULL,
     envelope TEXT NOT NULL
   ) STRICT`,
  // Version 2: the signed acknowledgement, kept so that a replay is answered
  // with the same one. Rows stored before get theirs on their first replay.
  `ALTER TABLE reports ADD COLUMN acknowledgement TEXT`,
];

/** How long a statement waits for another connection's write lock before giving up with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

function migrate(db: Database.Database, file: string): void {
  // IMMEDIATE takes the write lock before user_version is read: another
  // receiver starting on the same file at the same moment waits here, then
  // finds the migrations applied.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) throw new Error(schemaTooNewMessage(file, current, MIGRATIONS.length));
    MIGRATIONS.slice(current).forEach((sql) => db.exec(sql));
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

const fromRow = (row: ReportRow): StoredReport => ({
  envelope: JSON.parse(row.envelope) as ReportEnvelope,
  receiptId: row.receipt_id,
  receivedAt: row.received_at,
  ...(row.acknowledgement !== null && { acknowledgement: row.acknowledgement }),
});

function isBusy(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Runs a synchronous call as a promise, turning "another connection holds the lock" into StoreUnavailableError. */
function settle<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(isBusy(error) ? new StoreUnavailableError(error.code, { cause: error }) : error);
  }
}

export function openSqliteStore(file: string): ReportStore {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma('journal_mode = WAL');
    // An acknowledgement promises the report is kept: commit to disk before answering.
    db.pragma('synchronous = FULL');
    migrate(db, file);
  } catch (error) {
    db.close();
    throw error;
  }

  const select = db.prepare<[string], ReportRow>('SELECT * FROM reports WHERE id = ?');
  const insert = db.prepare<[ReportRow]>(
    `INSERT INTO reports (id, reference, content_hash, receipt_id, received_at, envelope, acknowledgement)
     VALUES (@id, @reference, @content_hash, @receipt_id, @received_at, @envelope, @acknowledgement)
     ON CONFLICT (id) DO NOTHING`,
  );
  // One statement: of two receivers signing the same old row at once, the first to write wins and both read its signature.
  const keepFirstAcknowledgement = db.prepare<[string, string], { acknowledgement: string }>(
    'UPDATE reports SET acknowledgement = coalesce(acknowledgement, ?) WHERE id = ? RETURNING acknowledgement',
  );
  const selectSummaries = db.prepare<[], { id: string; content_hash: string }>(
    'SELECT id, content_hash FROM reports ORDER BY rowid',
  );
  const selectPage = db.prepare<[number, number], ReportRow & { stored_order: number }>(
    'SELECT rowid AS stored_order, * FROM reports WHERE rowid > ? ORDER BY rowid LIMIT ?',
  );
  const deleteEverything = db.prepare('DELETE FROM reports');
  const selectOne = db.prepare('SELECT 1');

  const find = (id: string): StoredReport | undefined => {
    const row = select.get(id);
    return row ? fromRow(row) : undefined;
  };

  const insertOne = (report: StoredReport): { stored: StoredReport; inserted: boolean } => {
    const { envelope } = report;
    const { changes } = insert.run({
      id: envelope.id,
      reference: envelope.reference,
      content_hash: envelope.contentHash,
      receipt_id: report.receiptId,
      received_at: report.receivedAt,
      envelope: JSON.stringify(envelope),
      acknowledgement: report.acknowledgement ?? null,
    });
    const stored = find(envelope.id);
    if (!stored) throw new Error('A report just stored could not be read back');
    return { stored, inserted: changes === 1 };
  };
  const insertAll = db.transaction((reports: readonly StoredReport[]) => reports.map(insertOne));

  return {
    find: (id) => settle(() => find(id)),
    insertAllIfAbsent: (reports) => settle(() => insertAll(reports)),
    keepAcknowledgement: (id, acknowledgement) =>
      settle(() => {
        const row = keepFirstAcknowledgement.get(acknowledgement, id);
        if (!row) throw new Error('A stored report could not be read back');
        return row.acknowledgement;
      }),
    storedInOrder: (after, limit) =>
      settle(() => selectPage.all(after, limit).map((row) => ({ order: row.stored_order, report: fromRow(row) }))),
    summaries: () => settle(() => selectSummaries.all().map((row) => ({ id: row.id, contentHash: row.content_hash }))),
    deleteAll: () => settle(() => void deleteEverything.run()),
    ping: () => settle(() => void selectOne.get()),
    close: () => settle(() => void db.close()),
  };
}
