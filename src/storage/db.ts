// The device's database. Tablets in the field carry their data across every
// upgrade of the app, so the schema is versioned from the first release: a
// change never edits an old version, it adds a new one with an upgrade
// function that carries every existing record forward (see src/sync/migrations.test.ts).
import { Dexie, type EntityTable } from 'dexie';
import type { Report, ReportInput } from '../contract/schema';
import type { Bytes, ProfileKeys, Sealed, SealedFor } from './sealed';

export const DATABASE_NAME = 'shouhu';

/** A report being written. Created with its id when the user starts a report. */
export interface Draft {
  id: string;
  createdAt: string;
  updatedAt: string;
  /** The step the user was on, 0-based. */
  step: number;
  /** The profile that writes it (from version 3). */
  profileId?: string;
  /** The form's values as typed, valid or not, sealed with the profile's data key ("draft:<id>"). */
  sealedValues?: Sealed;
  /** Versions 1-2 kept the values in clear; they are sealed at the first unlock after the upgrade. */
  values?: Partial<ReportInput>;
}

export type OutboxStatus = 'queued' | 'sending' | 'acknowledged' | 'rejected' | 'paused' | 'conflict';

/** Why the last attempt to send did not succeed, in terms the UI can translate. */
export interface SendError {
  kind: 'network' | 'timeout' | 'server' | 'rejected' | 'auth' | 'conflict' | 'config' | 'unconfirmed' | 'noSigningKey';
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
  /** The profile that filed it (from version 3); its screens show only its own. */
  profileId?: string;
  /** The report in clear: only in memory once opened, or stored by versions 1-2 until sealed. */
  report?: Report;
  /**
   * The report sealed for the agency at filing (a compact JWE,
   * src/contract/sealedReport.ts): sent as it is, locked or not; no key on the
   * tablet opens it. Missing while the tablet knew no agency key, and for
   * reports queued before sealing: those wait, parked, until a profile that
   * can open them unlocks (src/vault/legacyOutbox.ts).
   */
  sealedForAgency?: string;
  /** Before reports were sealed for the agency: the report sealed to the retired tablet outbox key ("outbox:<id>"), until resealed. */
  sealedForSending?: SealedFor;
  /** The report, sealed with the owner's data key, for the owner's screens ("report:<id>"). */
  sealedForOwner?: Sealed;
  /** What the receipt prints beyond the clear fields, sealed with the owner's data key ("receipt:<id>"); kept after the content is erased. */
  sealedReceipt?: Sealed;
  /** When the content was erased after acknowledgement (retention), leaving the receipt. */
  contentErasedAt?: string;
  /**
   * "sha256:<hex>" of the report's canonical JSON, fixed when it is filed or corrected.
   * In clear: the engine checks it, and the printed receipt shows it anyway.
   */
  contentHash: string;
  attempts: number;
  /** When the sync engine may try next, in ms since the epoch; 0 means at once, Infinity never (parked until sealed for the agency). */
  nextAttemptAt: number;
  lastAttemptAt?: string;
  lastError?: SendError;
  /** From the receiver's signed acknowledgement (the signed statement, never the members beside it). */
  receiptId?: string;
  receivedAt?: string;
  /**
   * The agency's signed acknowledgement, as the receiver answered it: a
   * compact JWS (src/contract/agencySignature.ts) that verified against a
   * pinned signing key and names this report's id, reference and content
   * hash. The proof of receipt: kept after the content is erased, like the
   * rest of the receipt, and carried to another device with the report. The
   * receipt's QR code holds this exact field.
   */
  acknowledgement?: string;
  acknowledgedAt?: string;
  /**
   * From version 4: when the report was acknowledged (ms since the epoch), for
   * as long as its content is kept. Retention finds what to erase by this
   * index, which holds no other report, and removes it with the content.
   */
  contentKeptSince?: number;
  /**
   * From version 5, while the report is acknowledged and not closed: what
   * the reporter waits for from the agency, a first reply (its status is
   * still "received") or the result. Absent once closed, and before the
   * acknowledgement. With acknowledgedAt it drives the 3-day and 3-month
   * marks (src/sync/statusTimers.ts); the indexes read no record.
   */
  awaiting?: AwaitedAnswer;
  /**
   * The latest status change the agency signed (a compact JWS,
   * src/contract/reportStatus.ts), kept once its signature verified against
   * the pinned keys: the proof of what the tablet shows.
   */
  statusChange?: string;
  /** When the tablet last had an answer about its status (ms since the epoch; the acknowledgement is one); 0: never asked. */
  statusCheckedAt?: number;
}

/** What a reporter waits for from the agency, once a report is acknowledged. */
export type AwaitedAnswer = 'reply' | 'result';

export interface Setting {
  key: string;
  value: unknown;
}

/** A person who uses the tablet. Only the lock-screen label is in clear. */
export interface ProfileRecord {
  id: string;
  createdAt: string;
  /** Shown on the lock screen to pick a profile; chosen by the person (initials will do). */
  lockLabel: string;
  keys: ProfileKeys;
  /** Name, unit, unit type, position, phone: sealed with the profile's data key ("profile:<id>"). */
  details: Sealed;
  /** Wrong passphrases in a row, and when the next try is allowed (ms since the epoch). */
  failedAttempts: number;
  nextUnlockAt: number;
}

export type { Bytes };

export type ShouhuDatabase = Dexie & {
  drafts: EntityTable<Draft, 'id'>;
  outbox: EntityTable<OutboxItem, 'id'>;
  settings: EntityTable<Setting, 'key'>;
  profiles: EntityTable<ProfileRecord, 'id'>;
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

  // Version 3: profiles and encryption at rest. Drafts and reports gain their
  // owner; what versions 1-2 stored in clear stays readable until the first
  // profile unlocks and seals it (crypto cannot run inside an upgrade).
  db.version(3).stores({
    profiles: 'id',
    drafts: 'id, updatedAt, profileId',
    outbox: 'id, status, submittedAt, nextAttemptAt, [status+nextAttemptAt], profileId',
  });
  if (upTo <= 3) return;

  // Version 4: indexes for a tablet that keeps thousands of reports. The badge
  // and the outbox screen count a profile's reports by status through
  // [profileId+status] without reading a record; retention reads only the
  // acknowledged reports whose content is still kept (contentKeptSince).
  db.version(4)
    .stores({
      outbox: 'id, status, submittedAt, nextAttemptAt, [status+nextAttemptAt], profileId, [profileId+status], contentKeptSince',
    })
    .upgrade((tx) =>
      tx
        .table('outbox')
        .where('status')
        .equals('acknowledged')
        .modify((item: OutboxItem) => {
          if (item.contentErasedAt) return;
          const since = Date.parse(item.acknowledgedAt ?? item.receivedAt ?? item.submittedAt);
          // A time that cannot be read starts the retention period now, rather than erasing at once.
          item.contentKeptSince = Number.isFinite(since) ? since : Date.now();
        }),
    );
  if (upTo <= 4) return;

  // Version 5: what became of a report (docs/sync-protocol.md, "Statuses").
  // The sync engine asks about the open reports checked longest ago
  // ([awaiting+statusCheckedAt]); the home screen counts each profile's
  // reports without a reply or result from the keys of
  // [profileId+awaiting+acknowledgedAt] alone. Reports acknowledged before
  // await a first reply and were never asked.
  db.version(5)
    .stores({
      outbox:
        'id, status, submittedAt, nextAttemptAt, [status+nextAttemptAt], profileId, [profileId+status], contentKeptSince, [awaiting+statusCheckedAt], [profileId+awaiting+acknowledgedAt]',
    })
    .upgrade((tx) =>
      tx
        .table('outbox')
        .where('status')
        .equals('acknowledged')
        .modify((item: OutboxItem) => {
          item.awaiting = 'reply';
          item.statusCheckedAt = 0;
          // The timers run from the acknowledgement; an ISO time in UTC, as this tablet writes it, so that the index orders by time.
          const since = Date.parse(item.acknowledgedAt ?? item.receivedAt ?? item.submittedAt);
          item.acknowledgedAt = new Date(Number.isFinite(since) ? since : Date.now()).toISOString();
        }),
    );
  if (upTo <= 5) return;
}

export function openDatabase(name = DATABASE_NAME): ShouhuDatabase {
  const db = new Dexie(name) as ShouhuDatabase;
  declareVersions(db);
  return db;
}

export const db = openDatabase();
