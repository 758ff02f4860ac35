// The device's database. Tablets in the field carry their data across every
// upgrade of the app, so the schema is versioned from the first release: a
// change never edits an old version, it adds a new one with an upgrade
// function that carries every existing record forward (see migrations.test.ts).
import { Dexie, type EntityTable } from 'dexie';
import type { Report, ReportInput } from '../report/schema';

export const DATABASE_NAME = 'shouhu';

/** A report being written. Created with its id when the user starts a report. */
export interface Draft {
  id: string;
  createdAt: string;
  updatedAt: string;
  /** The step the user was on, 0-based. */
  step: number;
  /** The form's values as typed, valid or not. */
  values: Partial<ReportInput>;
}

export type OutboxStatus = 'queued' | 'sending' | 'acknowledged' | 'rejected' | 'paused' | 'conflict';

/** Why the last attempt to send did not succeed, in terms the UI can translate. */
export interface SendError {
  kind: 'network' | 'timeout' | 'server' | 'rejected' | 'auth' | 'conflict' | 'config';
  /** The HTTP status, when there was an answer. */
  status?: number;
  /** The receiver's own message (never report content), for "rejected". */
  message?: string;
  /** Field-level problems the receiver found (schema message keys), for "rejected". */
  fields?: { path: string; message: string }[];
  at: string;
}

/** A filed report, waiting to be sent or already acknowledged. */
export interface OutboxItem {
  id: string;
  reference: string;
  createdAt: string;
  submittedAt: string;
  status: OutboxStatus;
  report: Report;
  /** "sha256:<hex>" of the report's canonical JSON, fixed when it is filed or corrected. */
  contentHash: string;
  attempts: number;
  /** When the sync engine may try next, in ms since the epoch; 0 means at once. */
  nextAttemptAt: number;
  lastAttemptAt?: string;
  lastError?: SendError;
  /** From the receiver's acknowledgement. */
  receiptId?: string;
  receivedAt?: string;
  acknowledgedAt?: string;
}

export interface Setting {
  key: string;
  value: unknown;
}

export type ShouhuDatabase = Dexie & {
  drafts: EntityTable<Draft, 'id'>;
  outbox: EntityTable<OutboxItem, 'id'>;
  settings: EntityTable<Setting, 'key'>;
};

/** Declares every schema version, oldest first. Exported so tests can build any past version. */
export function declareVersions(db: Dexie, upTo = Number.POSITIVE_INFINITY): void {
  // Version 1: the first release.
  db.version(1).stores({
    drafts: 'id, updatedAt',
    outbox: 'id, status, submittedAt',
    settings: 'key',
  });
  if (upTo <= 1) return;

  // Version 2: sending. Outbox items gain what the sync engine schedules by;
  // reports queued under version 1 are sent at once.
  db.version(2)
    .stores({ outbox: 'id, status, submittedAt, nextAttemptAt, [status+nextAttemptAt]' })
    // Only IndexedDB work may happen inside an upgrade, so the content hash of
    // such a report is computed by the sync engine before it is first sent.
    .upgrade((tx) =>
      tx
        .table('outbox')
        .toCollection()
        .modify((item: Partial<OutboxItem>) => {
          item.attempts ??= 0;
          item.nextAttemptAt ??= 0;
          item.contentHash ??= '';
        }),
    );
  if (upTo <= 2) return;
}

export function openDatabase(name = DATABASE_NAME): ShouhuDatabase {
  const db = new Dexie(name) as ShouhuDatabase;
  declareVersions(db);
  return db;
}

export const db = openDatabase();
