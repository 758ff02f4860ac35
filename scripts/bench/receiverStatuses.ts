// The status routes' figures (issue 17): the tablet's one status request per
// pass for 500 acknowledged reports, 100 of which have a change (bytes on the
// wire and time), and the officers' inbox over 5,000 stored reports (the
// first page, a page deep in, each filter). On SQLite and on PostgreSQL
// (a throwaway cluster with fsync on), the receiver in a process of its own
// on 127.0.0.1, each request on a fresh connection as a tablet's pass makes
// it. Each time is the median (and the 95th percentile) of --runs requests.
//
//   npm run bench:statuses [-- --reports 5000 --asked 500 --changed 100 --runs 30]
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openReportStore } from '../../server/openStore';
import type { StoredReport } from '../../server/store';
import { startReceiverProcess, type ReceiverProcess } from '../../server/testing/receiverProcess';
import { startThrowawayPostgres } from '../../server/testing/throwawayPostgres';
import { createReportSchema } from '../../src/contract/schema';
import { referenceFromId } from '../../src/contract/referenceCode';
import type { InboxPage } from '../../src/contract/reportStatus';
import { sealedTestEnvelope } from '../../src/contract/testing/sealedTestEnvelope';
import { setStatusOk } from '../../server/testing/officerRequests';

const TABLET_TOKEN = 'bench-tablet-token';
const OFFICER_TOKEN = 'bench-officer-credential-0123456789abcdef';
/** Of the stored reports that are not asked about, this share has a status too: the inbox's filters have something to sort. */
const OTHERS_WITH_STATUS = 0.3;

interface Settings {
  reports: number;
  asked: number;
  changed: number;
  runs: number;
}

interface Exchange {
  status: number;
  body: string;
  /** Bytes on the wire, headers included. */
  sent: number;
  received: number;
  ms: number;
}

/** One GET on a connection of its own, timed from the connect to the last byte. */
function get(receiver: ReceiverProcess, target: string, token: string): Promise<Exchange> {
  const { hostname, port } = new URL(receiver.url);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, path: target, agent: false, headers: { Authorization: `Bearer ${token}`, Connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const socket = res.socket;
        socket.once('close', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            sent: socket.bytesWritten,
            received: socket.bytesRead,
            ms: performance.now() - started,
          }),
        );
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const percentile = (sorted: readonly number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;

/** The request `runs` times after a few unmeasured ones; its bytes and the median and 95th percentile of its time. */
async function measure(receiver: ReceiverProcess, target: string, token: string, runs: number): Promise<Exchange & { p95Ms: number }> {
  for (let warm = 0; warm < 5; warm++) await get(receiver, target, token);
  const exchanges: Exchange[] = [];
  for (let run = 0; run < runs; run++) exchanges.push(await get(receiver, target, token));
  const times = exchanges.map((exchange) => exchange.ms).sort((a, b) => a - b);
  const last = exchanges.at(-1) as Exchange;
  if (last.status !== 200) throw new Error(`${target.slice(0, 60)}… answered ${last.status}: ${last.body.slice(0, 200)}`);
  return { ...last, ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95) };
}

async function storeReports(database: string, count: number): Promise<string[]> {
  const report = createReportSchema().parse({
    utcOffsetMinutes: -480,
    reporter: { name: '王老师', unitName: '第一小学', unitType: 'school', phone: '13800138000' },
    child: { name: '小明', whereNow: '在学校医务室' },
    incident: { circumstances: ['injury_abuse'], discoveredAt: '2026-01-02T10:00', narrative: '课间发现孩子手臂上有多处淤青。'.repeat(8), immediateDanger: 'unknown' },
    suspect: {},
    actions: {},
    declaration: { goodFaith: true },
  });
  // One sealed report, stored under every id: the store checks nothing of it, and its size is a real one's.
  const sealed = await sealedTestEnvelope(report);
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const stored: StoredReport[] = Array.from({ length: count }, (_, index) => {
    const id = randomUUID();
    return {
      envelope: { ...sealed, id, reference: referenceFromId(id) },
      receiptId: `R-BENCH-${index}`,
      receivedAt: new Date(start + index * 60_000).toISOString(),
    };
  });
  const store = await openReportStore(database, { poolSize: 2, log: () => {} });
  try {
    for (let first = 0; first < stored.length; first += 500) await store.insertAllIfAbsent(stored.slice(first, first + 500));
  } finally {
    await store.close();
  }
  return stored.map((each) => each.envelope.id);
}

interface Row {
  what: string;
  result: Exchange & { p95Ms: number };
}

async function benchEngine(engine: string, database: string, settings: Settings): Promise<Row[]> {
  const ids = await storeReports(database, settings.reports);
  const receiver = await startReceiverProcess({ RECEIVER_DB: database, RECEIVER_TOKEN: TABLET_TOKEN, RECEIVER_OFFICER_TOKEN: OFFICER_TOKEN });
  try {
    // The tablet's reports: the newest `asked`, of which `changed` were accepted, half of those with a note.
    const asked = ids.slice(-settings.asked);
    for (const [index, id] of asked.slice(0, settings.changed).entries()) {
      await setStatusOk(receiver, id, { status: 'accepted', ...(index % 2 === 0 && { note: '已受理，我们会尽快联系学校核实情况。' }) }, { token: OFFICER_TOKEN });
    }
    const others = ids.slice(0, -settings.asked).filter((_, index) => index % Math.round(1 / OTHERS_WITH_STATUS) === 0);
    for (const [index, id] of others.entries()) {
      await setStatusOk(receiver, id, { status: 'accepted' }, { token: OFFICER_TOKEN });
      if (index % 3 === 0) await setStatusOk(receiver, id, { status: 'case_opened' }, { token: OFFICER_TOKEN });
    }

    const rows: Row[] = [];
    const statusTarget = `/api/reports/status?ids=${asked.join(',')}`;
    const statuses = await measure(receiver, statusTarget, TABLET_TOKEN, settings.runs);
    const answered = (JSON.parse(statuses.body) as { statuses: unknown[] }).statuses.length;
    if (answered !== settings.changed) throw new Error(`The status answer held ${answered} changes, not ${settings.changed}`);
    rows.push({ what: `tablet: status of ${settings.asked} reports (${settings.changed} changed)`, result: statuses });

    const first = await measure(receiver, '/api/inbox/reports', OFFICER_TOKEN, settings.runs);
    rows.push({ what: `inbox: first page of 50 of ${settings.reports}`, result: first });
    // A page near the end: the cursor after the 100th page's worth of reports from the newest.
    const deepId = ids[Math.min(ids.length - 1, 50)] as string;
    const deepCursor = Buffer.from(JSON.stringify([new Date(Date.parse('2026-01-01T00:00:00.000Z') + 50 * 60_000).toISOString(), deepId])).toString('base64url');
    rows.push({ what: 'inbox: the last page (cursor near the oldest)', result: await measure(receiver, `/api/inbox/reports?before=${deepCursor}`, OFFICER_TOKEN, settings.runs) });
    rows.push({ what: 'inbox: no reply yet (first page)', result: await measure(receiver, '/api/inbox/reports?noReply=1', OFFICER_TOKEN, settings.runs) });
    rows.push({ what: 'inbox: status=case_opened (first page)', result: await measure(receiver, '/api/inbox/reports?status=case_opened', OFFICER_TOKEN, settings.runs) });
    const total = (JSON.parse(first.body) as InboxPage).total;
    if (total !== settings.reports) throw new Error(`The inbox counted ${total} reports, not ${settings.reports}`);
    return rows.map((row) => ({ ...row, what: `${engine.padEnd(8)} | ${row.what}` }));
  } finally {
    await receiver.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string', default: '5000' },
      asked: { type: 'string', default: '500' },
      changed: { type: 'string', default: '100' },
      runs: { type: 'string', default: '30' },
    },
  });
  const settings: Settings = { reports: Number(values.reports), asked: Number(values.asked), changed: Number(values.changed), runs: Number(values.runs) };
  if (!Object.values(settings).every((value) => Number.isInteger(value) && value > 0) || settings.changed > settings.asked || settings.asked > settings.reports) {
    throw new RangeError('--reports, --asked, --changed and --runs are whole numbers above 0, changed ≤ asked ≤ reports');
  }
  console.log(
    `Status routes: ${settings.reports} stored reports, the tablet asking about ${settings.asked} (${settings.changed} with a change); ` +
      `${settings.runs} requests each, on a fresh connection, receiver in its own process on 127.0.0.1.`,
  );
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-bench-statuses-'));
  const cluster = startThrowawayPostgres({ fsync: true });
  const rows: Row[] = [];
  try {
    rows.push(...(await benchEngine('sqlite', path.join(folder, 'statuses.sqlite'), settings)));
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE shouhu_bench_statuses');
    await admin.end();
    const url = new URL(cluster.url);
    url.pathname = '/shouhu_bench_statuses';
    rows.push(...(await benchEngine('postgres', url.toString(), settings)));
  } finally {
    cluster.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  console.log('');
  console.log('| engine   | request                                          | sent bytes | received bytes | p50 ms | p95 ms |');
  console.log('|----------|--------------------------------------------------|------------|----------------|--------|--------|');
  for (const { what, result } of rows) {
    const [engine, request] = what.split(' | ') as [string, string];
    console.log(
      `| ${engine} | ${request.padEnd(48)} | ${String(result.sent).padStart(10)} | ${String(result.received).padStart(14)} | ${result.ms.toFixed(1).padStart(6)} | ${result.p95Ms.toFixed(1).padStart(6)} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
