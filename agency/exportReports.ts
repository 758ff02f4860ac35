// The agency's export: every report the receiver stored, opened with the
// agency's private keys and checked against the report schema, as JSON Lines
// (one report a line, for programs) and as a CSV with Chinese headings (for a
// spreadsheet). A report that fails the schema is kept and its problems
// listed; one that does not open is named by its reference, never shown.
import { contentHash } from '../src/contract/contentHash';
import type { ReportEnvelope } from '../src/contract/envelope';
import { RECEIVER_CLOCK_TOLERANCE_MS } from '../src/contract/protocol';
import { createReportSchema, type Report } from '../src/contract/schema';
import type { ReportStore, StoredReport } from '../server/store';
import { toCsv } from './csv';
import { openSealedReport, type AgencyPrivateKey, type OpenProblem } from './openSealedReport';
import { REPORT_COLUMNS } from './reportColumns';

/** One report that opened, as a line of the JSON Lines file. */
export interface ExportedReport {
  id: string;
  reference: string;
  receiptId: string;
  receivedAt: string;
  createdAt: string;
  submittedAt: string;
  contentHash: string;
  /** The agency key it was sealed to; "clear" for a report a receiver stored before reports were sealed. */
  keyId: string;
  /** Whether it satisfies the report schema; when not, `problems` says where. */
  valid: boolean;
  problems: { path: string; message: string }[];
  report: unknown;
}

/** A stored report that did not open: named, never shown. */
export interface NotOpened {
  id: string;
  reference: string;
  receivedAt: string;
  problem: OpenProblem;
  keyId: string | undefined;
}

export interface AgencyExport {
  reports: ExportedReport[];
  notOpened: NotOpened[];
  jsonLines: string;
  csv: string;
}

/** How many stored reports are read at a time. */
const PAGE_SIZE = 500;

/** Reports stored before reports were sealed carry `report` in clear; they are exported too, checked the same way. */
type StoredEnvelope = ReportEnvelope & { report?: unknown };

async function openStored(envelope: StoredEnvelope, keys: readonly AgencyPrivateKey[]) {
  if (typeof envelope.sealedReport !== 'string' && envelope.report !== undefined) {
    const matches = (await contentHash(envelope.report)) === envelope.contentHash;
    return matches ? { ok: true as const, report: envelope.report, kid: 'clear' } : { ok: false as const, problem: 'hash_mismatch' as const };
  }
  return openSealedReport(envelope, keys);
}

const ENVELOPE_COLUMNS: readonly [string, (entry: ExportedReport) => string][] = [
  ['报告编号', (entry) => entry.reference],
  ['报告ID', (entry) => entry.id],
  ['接收回执号', (entry) => entry.receiptId],
  ['接收时间', (entry) => entry.receivedAt],
  ['提交时间', (entry) => entry.submittedAt],
  ['开始填写时间', (entry) => entry.createdAt],
  ['内容哈希', (entry) => entry.contentHash],
  ['校验结果', (entry) => (entry.valid ? '通过' : `未通过：${entry.problems.map((problem) => `${problem.path} ${problem.message}`).join('；')}`)],
];

/** A report that fails the schema may lack whole sections: each of its cells is filled as far as it can be. */
function reportCell(read: (report: Report) => string, report: unknown): string {
  try {
    return read(report as Report);
  } catch {
    return '';
  }
}

export async function exportReports(store: ReportStore, keys: readonly AgencyPrivateKey[]): Promise<AgencyExport> {
  let receivedAt = Date.now();
  // "In the future" is judged against the time the receiver received the report, with the receiver's tolerance.
  const schema = createReportSchema({ now: () => receivedAt, clockToleranceMs: RECEIVER_CLOCK_TOLERANCE_MS });
  const reports: ExportedReport[] = [];
  const notOpened: NotOpened[] = [];
  for (let after = 0; ; ) {
    const page = await store.storedInOrder(after, PAGE_SIZE);
    if (page.length === 0) break;
    after = page.at(-1)?.order ?? after;
    for (const { report: stored } of page) {
      const envelope = stored.envelope as StoredEnvelope;
      const opened = await openStored(envelope, keys);
      const { id, reference } = envelope;
      if (!opened.ok) {
        notOpened.push({ id, reference, receivedAt: stored.receivedAt, problem: opened.problem, keyId: 'kid' in opened ? opened.kid : undefined });
        continue;
      }
      receivedAt = Date.parse(stored.receivedAt);
      const checked = schema.safeParse(opened.report);
      reports.push({
        ...envelopeFields(envelope, stored),
        keyId: opened.kid,
        valid: checked.success,
        problems: checked.success ? [] : checked.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        report: checked.success ? checked.data : opened.report,
      });
    }
  }
  const headings = [...ENVELOPE_COLUMNS.map(([heading]) => heading), ...REPORT_COLUMNS.map(([heading]) => heading)];
  const rows = reports.map((entry) => [
    ...ENVELOPE_COLUMNS.map(([, read]) => read(entry)),
    ...REPORT_COLUMNS.map(([, read]) => reportCell(read, entry.report)),
  ]);
  return {
    reports,
    notOpened,
    jsonLines: reports.map((entry) => `${JSON.stringify(entry)}\n`).join(''),
    csv: toCsv(headings, rows),
  };
}

function envelopeFields(envelope: ReportEnvelope, stored: StoredReport) {
  const { id, reference, createdAt, submittedAt, contentHash: hash } = envelope;
  return { id, reference, receiptId: stored.receiptId, receivedAt: stored.receivedAt, createdAt, submittedAt, contentHash: hash };
}
