// Helpers for the receiver's tests: valid reports, their envelopes, a
// receiver on a free port with a fresh database of its own (SQLite unless
// asked for PostgreSQL), and raw bytes over a socket for what fetch would not send.
import { connect, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { createReportSchema, type Report, type ReportInput } from '../src/contract/schema';
import type { ReportEnvelope } from '../src/contract/envelope';
import { TEST_AGENCY_KEYS } from '../src/contract/testing/agencyTestKey';
import { sealedTestEnvelope } from '../src/contract/testing/sealedTestEnvelope';
import { startReceiver, type ReceiverOptions, type RunningReceiver } from './receiver';
import { temporaryDatabase, type Engine } from './testing/databases';
import { TEST_RECEIVER_SIGNING } from './testing/testSigning';

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
      immediateDanger: 'unknown',
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

/** The agency key ids receivers started by tests know: the test key's. */
export const TEST_AGENCY_KEY_IDS: readonly string[] = TEST_AGENCY_KEYS.map((key) => key.kid);

/** An envelope for any report, valid or not, sealed to the test agency key, with the right id, reference and hash. */
export const envelopeFor = sealedTestEnvelope;

export interface TestReceiver extends RunningReceiver {
  /** The SQLite file or postgres:// URL it stores in. */
  database: string;
  /** Every request log line written so far. */
  logs: string[];
}

export interface TestReceiverOptions extends Partial<ReceiverOptions> {
  /** The engine of the fresh database made when `database` is not given. Default SQLite. */
  engine?: Engine;
}

/** A receiver on 127.0.0.1 and a free port, closed when the test ends. */
export async function startTestReceiver({ engine = 'sqlite', ...options }: TestReceiverOptions = {}): Promise<TestReceiver> {
  const logs: string[] = [];
  const database = options.database ?? (await temporaryDatabase(engine));
  const receiver = await startReceiver({
    host: '127.0.0.1',
    port: 0,
    log: (line) => logs.push(line),
    agencyKeyIds: TEST_AGENCY_KEY_IDS,
    ...TEST_RECEIVER_SIGNING,
    ...options,
    database,
  });
  onTestFinished(() => receiver.close());
  return { ...receiver, database, logs };
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

/** A socket to the receiver, connected. */
export function openSocket(receiver: RunningReceiver): Promise<Socket> {
  const { hostname, port } = new URL(receiver.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Everything the receiver sends on the socket until it closes the connection. */
export function receivedUntilClosed(socket: Socket): Promise<string> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.on('error', () => {}); // a reset after the answer is still an end
  return new Promise((resolve) => socket.once('close', () => resolve(Buffer.concat(chunks).toString('utf8'))));
}

/** The first response in what a socket received; status 0 when nothing was. */
export function parseResponse(received: string): RawResponse {
  const [head = '', body = ''] = received.split(/\r\n\r\n(.*)/s);
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  return { status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1] ?? 0), headers, body };
}

/** Sends bytes as they are, for requests fetch would not make (a broken request line, a target such as "//["). */
export async function sendRaw(receiver: RunningReceiver, request: string): Promise<RawResponse> {
  const socket = await openSocket(receiver);
  const received = receivedUntilClosed(socket);
  socket.write(request);
  return parseResponse(await received);
}
