// Moving unsent reports to another device as a file, for a tablet that must be
// handed in before it ever gets a connection. The other device sends them
// under the same ids and content hashes, so the receiver records each once
// (a second copy is a replay, answered with the first receipt).
//
// The file format (serializeExport / parseExport) is kept apart from reading
// and writing the database so that encryption can wrap it.
import * as z from 'zod/mini';
import { contentHash } from '../../contract/contentHash';
import { envelopeSchema } from '../../contract/envelope';
import { RECEIVER_CLOCK_TOLERANCE_MS } from '../../contract/protocol';
import { createReportSchema } from '../../contract/schema';
import { referenceFromId } from '../../contract/referenceCode';
import { NOT_ACKNOWLEDGED } from '../../storage/counts';
import type { OutboxItem, ShouhuDatabase } from '../../storage/db';

export const EXPORT_FORMAT = 'shouhu-export';
export const EXPORT_VERSION = 1;

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  reports: OutboxItem[];
}

export interface ImportResult {
  /** Added to this device's outbox, queued to be sent. */
  imported: number;
  /** Already on this device (same id): left as they are. */
  skipped: number;
  /** Not a valid report, or changed since it was filed: not imported. */
  invalid: number;
}

/** What is wrong with a file offered for import; each has its own message. */
export type ImportProblem =
  /** Not JSON at all. */
  | 'notJson'
  /** JSON, but not a file Shouhu writes. */
  | 'notShouhu'
  /** A Shouhu file of a version this app does not read. */
  | 'unknownVersion'
  /** An encrypted file whose encryption settings are missing or out of range. */
  | 'encryptionSettings'
  /** The passphrase does not open the file, or the file was changed (AES-GCM cannot tell which). */
  | 'wrongPassphrase'
  /** An export in clear: refused, see src/vault/fileCrypto.ts. */
  | 'unencrypted'
  /** A Shouhu export of a known version, with its parts missing or of the wrong kind. */
  | 'damaged';

export class ImportFileError extends Error {
  constructor(readonly problem: ImportProblem) {
    super(`The file cannot be imported: ${problem}`);
    this.name = 'ImportFileError';
  }
}

/** The JSON in a file, or ImportFileError('notJson'). */
export function parseJsonFile(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ImportFileError('notJson');
  }
}

/** What every file Shouhu writes begins with: what it is, and which version of it. */
export const fileHeaderSchema = z.object({ format: z.string(), version: z.optional(z.unknown()) });

const fileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.string(),
  reports: z.array(z.unknown()),
});

/** A report in the file: the envelope it would be sent in, less the schema version. */
const itemSchema = z.extend(z.omit(envelopeSchema, { schemaVersion: true }), {
  // Reports filed before version 2 may not have their hash yet ('').
  contentHash: z.string(),
});

// The report was valid when it was filed; another device's clock may run
// behind, so "in the future" allows as much drift as the receiver does.
const importedReportSchema = createReportSchema({ clockToleranceMs: RECEIVER_CLOCK_TOLERANCE_MS });

/** Every report the receiver has not acknowledged, oldest first. */
export function unsentReports(db: ShouhuDatabase): Promise<OutboxItem[]> {
  // Only the unacknowledged are read, through the status index: not the thousands acknowledged.
  return db.outbox.where('status').anyOf(NOT_ACKNOWLEDGED).sortBy('submittedAt');
}

/** The file's text. */
export function serializeExport(reports: OutboxItem[], exportedAt: Date): string {
  const file: ExportFile = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: exportedAt.toISOString(), reports };
  return JSON.stringify(file);
}

/** Reads the file's envelope; the reports in it are checked one by one on import. */
export function parseExport(text: string): { exportedAt: string; reports: unknown[] } {
  const json = parseJsonFile(text);
  const header = fileHeaderSchema.safeParse(json);
  if (!header.success || header.data.format !== EXPORT_FORMAT) throw new ImportFileError('notShouhu');
  if (header.data.version !== EXPORT_VERSION) throw new ImportFileError('unknownVersion');
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ImportFileError('damaged');
  return { exportedAt: parsed.data.exportedAt, reports: parsed.data.reports };
}

/**
 * One report from a file, checked as carefully as a filing: the report schema,
 * the reference its id gives, and the content hash, which must match the
 * report (a changed report would otherwise reach the receiver under its old
 * receipt). Its sending starts afresh on this device.
 */
async function importedItem(raw: unknown): Promise<OutboxItem | undefined> {
  const envelope = itemSchema.safeParse(raw);
  if (!envelope.success) return undefined;
  const { id, reference, createdAt, submittedAt } = envelope.data;
  if (reference !== referenceFromId(id)) return undefined;
  const report = importedReportSchema.safeParse(envelope.data.report);
  if (!report.success) return undefined;
  const hash = await contentHash(report.data);
  // Reports filed before version 2 may not have their hash yet: it is computed here.
  if (envelope.data.contentHash !== '' && envelope.data.contentHash !== hash) return undefined;
  return {
    id,
    reference,
    createdAt,
    submittedAt,
    status: 'queued',
    report: report.data,
    contentHash: hash,
    attempts: 0,
    nextAttemptAt: 0,
  };
}

/**
 * Adds the file's reports to the outbox, queued; reports already here (by id)
 * are skipped. `prepare` turns a checked report into what is stored (the app
 * seals it for the importing profile: see src/vault/transferSealing.ts).
 */
export async function importReports(
  db: ShouhuDatabase,
  text: string,
  prepare: (item: OutboxItem) => Promise<OutboxItem> = async (item) => item,
): Promise<ImportResult> {
  const { reports } = parseExport(text);
  const items: OutboxItem[] = [];
  let invalid = 0;
  // Checked and sealed before the transaction: hashing and sealing are not IndexedDB work and would end it.
  for (const raw of reports) {
    const item = await importedItem(raw);
    if (item) items.push(await prepare(item));
    else invalid += 1;
  }
  return db.transaction('rw', db.outbox, async () => {
    let imported = 0;
    let skipped = 0;
    for (const item of items) {
      if (await db.outbox.get(item.id)) {
        skipped += 1;
        continue;
      }
      await db.outbox.add(item);
      imported += 1;
    }
    return { imported, skipped, invalid };
  });
}
