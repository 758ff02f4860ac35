// The embedded engine: one SQLite file, for `npm start`, a pilot or a county.
// better-sqlite3 is synchronous; each call finishes (and commits) before its
// promise is returned.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ReportEnvelope } from '../src/contract/envelope';
import type { ReportStatus } from '../src/contract/reportStatus';
import {
  schemaTooNewMessage,
  StoreUnavailableError,
  type ReportStore,
  type ReportWithStatus,
  type StatusEntry,
  type StoredReport,
} from './store';
import { LATEST_STATUS_SELECT, latestStatusIn, statusFromRow, type LatestStatusColumns, type StatusRow } from './statusRows';

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
  // Version 2: each report's status history (docs/sync-protocol.md,
  // "Statuses"), append-only: the triggers refuse every UPDATE and DELETE,
  // and an INSERT OR REPLACE (which would delete the old entry without
  // firing a delete trigger) of a place already taken. The primary key gives
  // each (report, seq) one entry: of two officers changing a report at once,
  // one wins. The inbox lists reports newest received first.
  `CREATE TABLE report_status (
     report_id TEXT NOT NULL,
     seq INTEGER NOT NULL CHECK (seq >= 1),
     status TEXT NOT NULL CHECK (status IN ('accepted', 'case_opened', 'referred', 'needs_information', 'closed')),
     referred_to TEXT CHECK ((referred_to IS NOT NULL) = (status = 'referred') AND (referred_to IS NULL OR referred_to IN ('civil_affairs', 'education', 'other'))),
     note TEXT,
     at TEXT NOT NULL,
     change TEXT NOT NULL,
     PRIMARY KEY (report_id, seq)
   ) STRICT, WITHOUT ROWID;
   CREATE INDEX report_status_by_status ON report_status (status);
   CREATE TRIGGER report_status_no_update BEFORE UPDATE ON report_status
     BEGIN SELECT RAISE(ABORT, 'report_status is append-only'); END;
   CREATE TRIGGER report_status_no_delete BEFORE DELETE ON report_status
     BEGIN SELECT RAISE(ABORT, 'report_status is append-only'); END;
   CREATE TRIGGER report_status_no_replace BEFORE INSERT ON report_status
     WHEN EXISTS (SELECT 1 FROM report_status WHERE report_id = NEW.report_id AND seq = NEW.seq)
     BEGIN SELECT RAISE(ABORT, 'report_status is append-only'); END;
   CREATE INDEX reports_by_received ON reports (received_at, id);`,
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
});

type ReportWithStatusRow = ReportRow & LatestStatusColumns;

const withStatusFromRow = (row: ReportWithStatusRow): ReportWithStatus => ({ report: fromRow(row), latest: latestStatusIn(row) });

/** Each report with its latest change, if any: the one entry of its history with the highest seq. */
const WITH_LATEST_STATUS = `
  SELECT r.*, ${LATEST_STATUS_SELECT}
  FROM reports r
  LEFT JOIN report_status s ON s.report_id = r.id AND s.seq = (SELECT max(m.seq) FROM report_status m WHERE m.report_id = r.id)`;

/** The condition on the latest status that a filter makes ("received": none yet). */
const statusCondition = (status: ReportStatus | undefined): string =>
  status === undefined ? '' : status === 'received' ? 's.report_id IS NULL' : 's.status = @status';

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
    `INSERT INTO reports (id, reference, content_hash, receipt_id, received_at, envelope)
     VALUES (@id, @reference, @content_hash, @receipt_id, @received_at, @envelope)
     ON CONFLICT (id) DO NOTHING`,
  );
  const selectSummaries = db.prepare<[], { id: string; content_hash: string }>(
    'SELECT id, content_hash FROM reports ORDER BY rowid',
  );
  const selectPage = db.prepare<[number, number], ReportRow & { stored_order: number }>(
    'SELECT rowid AS stored_order, * FROM reports WHERE rowid > ? ORDER BY rowid LIMIT ?',
  );
  const deleteEverything = db.prepare('DELETE FROM reports');

  // One statement per shape of page (with or without a cursor, by filter), so each uses the index on (received_at, id).
  const pageStatements = new Map<string, Database.Statement<[Record<string, unknown>], ReportWithStatusRow>>();
  const pageStatement = (withCursor: boolean, status: ReportStatus | undefined) => {
    const key = `${withCursor}:${status === undefined ? '' : status === 'received' ? 'received' : 'set'}`;
    let statement = pageStatements.get(key);
    if (!statement) {
      const conditions = [withCursor ? '(r.received_at, r.id) < (@before_at, @before_id)' : '', statusCondition(status)].filter(Boolean);
      statement = db.prepare<[Record<string, unknown>], ReportWithStatusRow>(
        `${WITH_LATEST_STATUS} ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
         ORDER BY r.received_at DESC, r.id DESC LIMIT @limit`,
      );
      pageStatements.set(key, statement);
    }
    return statement;
  };
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM reports');
  const countReceived = db.prepare<[], { n: number }>(
    'SELECT count(*) AS n FROM reports r WHERE NOT EXISTS (SELECT 1 FROM report_status s WHERE s.report_id = r.id)',
  );
  const countWithStatus = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM report_status s JOIN reports r ON r.id = s.report_id
     WHERE s.status = ? AND NOT EXISTS (SELECT 1 FROM report_status later WHERE later.report_id = s.report_id AND later.seq > s.seq)`,
  );
  const selectHistory = db.prepare<[string], StatusRow>('SELECT * FROM report_status WHERE report_id = ? ORDER BY seq');
  const selectLatest = db.prepare<[string], StatusRow>(
    `SELECT s.* FROM json_each(?) asked
     JOIN reports r ON r.id = asked.value
     JOIN report_status s ON s.report_id = asked.value
       AND s.seq = (SELECT max(m.seq) FROM report_status m WHERE m.report_id = asked.value)`,
  );
  const placeTaken = db.prepare<[string, number], { taken: number }>('SELECT 1 AS taken FROM report_status WHERE report_id = ? AND seq = ?');
  const insertStatus = db.prepare<[StatusRow]>(
    `INSERT INTO report_status (report_id, seq, status, referred_to, note, at, change)
     VALUES (@report_id, @seq, @status, @referred_to, @note, @at, @change)`,
  );
  // IMMEDIATE: the write lock is taken before the look, so no other connection takes the place in between.
  const appendStatus = db.transaction((entry: StatusEntry): boolean => {
    if (placeTaken.get(entry.reportId, entry.seq)) return false;
    insertStatus.run({
      report_id: entry.reportId,
      seq: entry.seq,
      status: entry.status,
      referred_to: entry.referredTo ?? null,
      note: entry.note ?? null,
      at: entry.at,
      change: entry.change,
    });
    return true;
  });
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
    });
    const stored = find(envelope.id);
    if (!stored) throw new Error('A report just stored could not be read back');
    return { stored, inserted: changes === 1 };
  };
  const insertAll = db.transaction((reports: readonly StoredReport[]) => reports.map(insertOne));

  return {
    find: (id) => settle(() => find(id)),
    insertAllIfAbsent: (reports) => settle(() => insertAll(reports)),
    storedInOrder: (after, limit) =>
      settle(() => selectPage.all(after, limit).map((row) => ({ order: row.stored_order, report: fromRow(row) }))),
    inboxPage: ({ limit, before, status }) =>
      settle(() =>
        pageStatement(before !== undefined, status)
          .all({ limit, status, before_at: before?.receivedAt, before_id: before?.id })
          .map(withStatusFromRow),
      ),
    countReports: (status) =>
      settle(() => {
        if (status === undefined) return (countAll.get() as { n: number }).n;
        if (status === 'received') return (countReceived.get() as { n: number }).n;
        return (countWithStatus.get(status) as { n: number }).n;
      }),
    findWithHistory: (id) =>
      settle(() => {
        const report = find(id);
        return report ? { report, history: selectHistory.all(id).map(statusFromRow) } : undefined;
      }),
    latestStatuses: (ids) => settle(() => selectLatest.all(JSON.stringify([...new Set(ids)])).map(statusFromRow)),
    appendStatus: (entry) => settle(() => appendStatus.immediate(entry)),
    summaries: () => settle(() => selectSummaries.all().map((row) => ({ id: row.id, contentHash: row.content_hash }))),
    deleteAll: () => settle(() => void deleteEverything.run()),
    ping: () => settle(() => void selectOne.get()),
    close: () => settle(() => void db.close()),
  };
}
