// Helpers for the receiver's tests: valid reports, their envelopes, and a
// receiver on a free port with its own SQLite file in a temporary folder.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { contentHash } from '../src/report/contentHash';
import { createReportSchema, SCHEMA_VERSION, type Report, type ReportInput } from '../src/report/schema';
import { referenceFromId } from '../src/receipt/referenceCode';
import type { ReportEnvelope } from './envelope';
import { startReceiver, type ReceiverOptions, type RunningReceiver } from './receiver';

/** A complete report as the form would give it; change it before storedReport makes it the stored form. */
export function reportInput(): ReportInput {
  return {
    utcOffsetMinutes: -480,
    reporter: { name: '王老师', unitName: '第一小学', unitType: 'school', phone: '13800138000' },
    child: { name: '小明', whereNow: '在学校医务室' },
    incident: {
      circumstances: ['injury_abuse'],
      discoveredAt: '2026-01-02T10:00',
      narrative: '课间发现孩子手臂上有多处淤青。',
    },
    suspect: {},
    actions: {},
    declaration: { goodFaith: true },
  };
}

/** The report as the app stores and sends it: the schema's output. */
export function storedReport(change: (input: ReportInput) => void = () => {}): Report {
  const input = reportInput();
  change(input);
  return createReportSchema().parse(input);
}

/** An envelope for any report, valid or not, with the right id, reference and hash. */
export async function envelopeFor(report: unknown, id: string = randomUUID()): Promise<ReportEnvelope> {
  return {
    id,
    schemaVersion: SCHEMA_VERSION,
    reference: referenceFromId(id),
    createdAt: '2026-01-02T02:05:00.000Z',
    submittedAt: '2026-01-02T02:20:00.000Z',
    contentHash: await contentHash(report),
    report: report as Record<string, unknown>,
  };
}

/** A folder that is removed when the test ends; returns the database path inside it. */
export function temporaryDbPath(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-receiver-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  return path.join(folder, 'data', 'reports.sqlite');
}

export interface TestReceiver extends RunningReceiver {
  dbPath: string;
  /** Every request log line written so far. */
  logs: string[];
}

/** A receiver on 127.0.0.1 and a free port, closed when the test ends. */
export async function startTestReceiver(options: Partial<ReceiverOptions> = {}): Promise<TestReceiver> {
  const logs: string[] = [];
  const dbPath = options.dbPath ?? temporaryDbPath();
  const receiver = await startReceiver({ host: '127.0.0.1', port: 0, log: (line) => logs.push(line), ...options, dbPath });
  onTestFinished(() => receiver.close());
  return { ...receiver, dbPath, logs };
}

export interface PostOptions {
  token?: string;
  /** Defaults to the envelope's id; null leaves the header out. */
  idempotencyKey?: string | null;
  /** The body as sent, instead of the envelope's JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export function postReport(
  receiver: RunningReceiver,
  envelope: ReportEnvelope | undefined,
  options: PostOptions = {},
): Promise<Response> {
  const idempotencyKey = options.idempotencyKey === undefined ? envelope?.id : options.idempotencyKey;
  return fetch(receiver.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
      ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.rawBody ?? JSON.stringify(envelope),
  });
}

export function getReport(receiver: RunningReceiver, id: string, token?: string): Promise<Response> {
  return fetch(`${receiver.endpoint}/${id}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
}

export interface Acknowledgement {
  id: string;
  receiptId: string;
  receivedAt: string;
  contentHash: string;
}

export interface ProblemBody {
  error: string;
  message: string;
  fields?: { path: string; message: string }[];
}
