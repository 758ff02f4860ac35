// Moving unsent reports to another device as a file, for a tablet that must be
// handed in before it ever gets a connection. The other device sends them
// under the same ids and content hashes, so the receiver records each once
// (a second copy is a replay, answered with the first receipt). Each report
// travels sealed for the agency as it was filed, and in clear as well when
// the exporting profile can open it (its own), so that the importing profile
// can see it and print its receipt. A report that carries the agency's signed
// acknowledgement carries it along, kept on import only if it verifies for
// that very report.
//
// The file format (serializeExport / parseExport) is kept apart from reading
// and writing the database so that encryption can wrap it.
import * as z from 'zod/mini';
import { acknowledgementOfReport, MAX_SIGNED_CHARS, type AgencySigningKey } from '../../contract/agencySignature';
import { contentHash, CONTENT_HASH_PATTERN } from '../../contract/contentHash';
import { RECEIVER_CLOCK_TOLERANCE_MS, SCHEMA_VERSION } from '../../contract/protocol';
import { createReportSchema, type Report } from '../../contract/schema';
import { referenceFromId } from '../../contract/referenceCode';
import { REPORT_ID_PATTERN } from '../../contract/reportId';
import { MAX_SEALED_REPORT_CHARS, sealedReportProblem } from '../../contract/sealedReport';
import { NOT_ACKNOWLEDGED } from '../../storage/counts';
import type { OutboxItem, ShouhuDatabase } from '../../storage/db';

export const EXPORT_FORMAT = 'shouhu-export';
/** Version 2: reports sealed for the agency (`sealedReport`), in clear (`report`) only where the exporter could open them. Version 1 files (every report in clear) are still read. */
export const EXPORT_VERSION = 2;
const READABLE_VERSIONS: readonly unknown[] = [1, EXPORT_VERSION];

/** A report in the file: what it is sent with, sealed, and in clear when its exporter could open it. At least one of the two. */
export interface TransferredReport {
  id: string;
  reference: string;
  createdAt: string;
  submittedAt: string;
  contentHash: string;
  sealedReport?: string;
  report?: Report;
  /** The agency's signed acknowledgement of the report (OutboxItem.acknowledgement), where it has one. */
  acknowledgement?: string;
}

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  reports: TransferredReport[];
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
  version: z.union([z.literal(1), z.literal(EXPORT_VERSION)]),
  exportedAt: z.string(),
  reports: z.array(z.unknown()),
});

/** A report in the file. */
const itemSchema = z.object({
  id: z.string().check(z.regex(REPORT_ID_PATTERN)),
  reference: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  submittedAt: z.iso.datetime({ offset: true }),
  // Reports filed before version 2 of the database may not have their hash yet (''): then they travel in clear.
  contentHash: z.union([z.literal(''), z.string().check(z.regex(CONTENT_HASH_PATTERN))]),
  sealedReport: z.optional(z.string().check(z.maxLength(MAX_SEALED_REPORT_CHARS))),
  report: z.optional(z.record(z.string(), z.unknown())),
  acknowledgement: z.optional(z.string().check(z.maxLength(MAX_SIGNED_CHARS))),
});

/** The keys this device's deployment pins (src/vault/agencyKeys.ts), which an imported report is checked against. */
export interface PinnedKeys {
  /** The agency keys a report may be sealed to. */
  agencyKeyIds: ReadonlySet<string>;
  /** The keys an acknowledgement must be signed by. */
  signingKeys: readonly AgencySigningKey[];
}

// The report was valid when it was filed; another device's clock may run
// behind, so "in the future" allows as much drift as the receiver does.
const importedReportSchema = createReportSchema({ clockToleranceMs: RECEIVER_CLOCK_TOLERANCE_MS });

/** Every report the receiver has not acknowledged, oldest first. */
export function unsentReports(db: ShouhuDatabase): Promise<OutboxItem[]> {
  // Only the unacknowledged are read, through the status index: not the thousands acknowledged.
  return db.outbox.where('status').anyOf(NOT_ACKNOWLEDGED).sortBy('submittedAt');
}

/** What of an outbox item travels: never the state of its sending, nor anything sealed for this device. */
export function transferable(item: OutboxItem, report: Report | undefined): TransferredReport | undefined {
  if (!item.sealedForAgency && !report) return undefined;
  const { id, reference, createdAt, submittedAt, contentHash: hash, acknowledgement } = item;
  return {
    id,
    reference,
    createdAt,
    submittedAt,
    contentHash: hash,
    ...(item.sealedForAgency && { sealedReport: item.sealedForAgency }),
    ...(report && { report }),
    ...(acknowledgement && { acknowledgement }),
  };
}

/** The file's text. */
export function serializeExport(reports: TransferredReport[], exportedAt: Date): string {
  const file: ExportFile = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: exportedAt.toISOString(), reports };
  return JSON.stringify(file);
}

/** Reads the file's envelope; the reports in it are checked one by one on import. */
export function parseExport(text: string): { exportedAt: string; reports: unknown[] } {
  const json = parseJsonFile(text);
  const header = fileHeaderSchema.safeParse(json);
  if (!header.success || header.data.format !== EXPORT_FORMAT) throw new ImportFileError('notShouhu');
  if (!READABLE_VERSIONS.includes(header.data.version)) throw new ImportFileError('unknownVersion');
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new ImportFileError('damaged');
  return { exportedAt: parsed.data.exportedAt, reports: parsed.data.reports };
}

/**
 * One report from a file, checked as carefully as a filing: the reference its
 * id gives; in clear, the report schema and the content hash, which must match
 * the report (a changed report would otherwise reach the receiver under its
 * old receipt); sealed, what the receiver checks (a key of this deployment's,
 * and a protected header that repeats the fields). A sealed form this device
 * would not send is dropped when the report is in clear too (it is sealed
 * again on import), else the report is refused. Its sending starts afresh.
 */
async function importedItem(raw: unknown, { agencyKeyIds, signingKeys }: PinnedKeys): Promise<OutboxItem | undefined> {
  const parsed = itemSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const { id, reference, createdAt, submittedAt } = parsed.data;
  if (reference !== referenceFromId(id)) return undefined;
  let hash = parsed.data.contentHash;
  let report: Report | undefined;
  if (parsed.data.report) {
    const checked = importedReportSchema.safeParse(parsed.data.report);
    if (!checked.success) return undefined;
    report = checked.data;
    const computed = await contentHash(report);
    if (hash !== '' && hash !== computed) return undefined;
    hash = computed;
  }
  const fields = { id, reference, createdAt, submittedAt, contentHash: hash, schemaVersion: SCHEMA_VERSION };
  const sealed = parsed.data.sealedReport;
  const sealedForAgency = sealed !== undefined && hash !== '' && !sealedReportProblem(sealed, fields, agencyKeyIds) ? sealed : undefined;
  if (!report && !sealedForAgency) return undefined;
  // A file could carry anyone's word, or another report's proof: kept only when it is this report's, signed by a pinned key.
  const given = parsed.data.acknowledgement;
  const acknowledgement = given !== undefined && (await acknowledgementOfReport(given, { id, reference, contentHash: hash }, signingKeys)) ? given : undefined;
  return {
    id,
    reference,
    createdAt,
    submittedAt,
    status: 'queued',
    ...(report && { report }),
    ...(sealedForAgency && { sealedForAgency }),
    ...(acknowledgement && { acknowledgement }),
    contentHash: hash,
    attempts: 0,
    nextAttemptAt: 0,
  };
}

/**
 * Adds the file's reports to the outbox, queued; reports already here (by id)
 * are skipped. `pinned` are the keys this device's deployment names
 * (src/vault/agencyKeys.ts). `prepare` turns a checked report into what is
 * stored (the app seals what is in clear for the importing profile, and for
 * the agency where needed: see src/vault/transferSealing.ts).
 */
export async function importReports(
  db: ShouhuDatabase,
  text: string,
  pinned: PinnedKeys,
  prepare: (item: OutboxItem) => Promise<OutboxItem> = async (item) => item,
): Promise<ImportResult> {
  const { reports } = parseExport(text);
  const items: OutboxItem[] = [];
  let invalid = 0;
  // Checked and sealed before the transaction: hashing and sealing are not IndexedDB work and would end it.
  for (const raw of reports) {
    const item = await importedItem(raw, pinned);
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
