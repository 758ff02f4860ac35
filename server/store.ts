// Where received reports are kept: one SQLite file. The report id is the
// primary key, so however many copies of a report arrive, and however they
// race, one row is stored and it is never overwritten.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ReportEnvelope } from '../src/contract/envelope';

export interface StoredReport {
  envelope: ReportEnvelope;
  receiptId: string;
  receivedAt: string;
}

export interface ReportStore {
  find(id: string): StoredReport | undefined;
  /**
   * Stores each report unless its id is already stored, in order, in one
   * transaction (one commit to disk); returns for each what is stored
   * afterwards, and whether it was this call.
   */
  insertAllIfAbsent(reports: readonly StoredReport[]): { stored: StoredReport; inserted: boolean }[];
  /** Every stored report's id and content hash, oldest first. */
  summaries(): { id: string; contentHash: string }[];
  deleteAll(): void;
  close(): void;
}

interface ReportRow {
  id: string;
  reference: string;
  content_hash: string;
  receipt_id: string;
  received_at: string;
  envelope: string;
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
];

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    MIGRATIONS.slice(current).forEach((sql) => db.exec(sql));
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
}

const fromRow = (row: ReportRow): StoredReport => ({
  envelope: JSON.parse(row.envelope) as ReportEnvelope,
  receiptId: row.receipt_id,
  receivedAt: row.received_at,
});

export function openReportStore(file: string): ReportStore {
  mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // An acknowledgement promises the report is kept: commit to disk before answering.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const select = db.prepare<[string], ReportRow>('SELECT * FROM reports WHERE id = ?');
  const insert = db.prepare<[ReportRow]>(
    `INSERT INTO reports (id, reference, content_hash, receipt_id, received_at, envelope)
     VALUES (@id, @reference, @content_hash, @receipt_id, @received_at, @envelope)
     ON CONFLICT (id) DO NOTHING`,
  );
  const selectSummaries = db.prepare<[], { id: string; content_hash: string }>(
    'SELECT id, content_hash FROM reports ORDER BY rowid',
  );
  const deleteEverything = db.prepare('DELETE FROM reports');

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
    });
    const stored = find(envelope.id);
    if (!stored) throw new Error('A report just stored could not be read back');
    return { stored, inserted: changes === 1 };
  };
  const insertAll = db.transaction((reports: readonly StoredReport[]) => reports.map(insertOne));

  return {
    find,
    insertAllIfAbsent: (reports) => insertAll(reports),
    summaries: () => selectSummaries.all().map((row) => ({ id: row.id, contentHash: row.content_hash })),
    deleteAll: () => void deleteEverything.run(),
    close: () => db.close(),
  };
}
