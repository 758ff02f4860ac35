// The receiver benchmark (issue 18): reports per second accepted and p50/p99
// latency per request, single reports and batches, with a fixed number of
// clients on loopback, for SQLite, PostgreSQL behind one receiver process and
// behind two; beside each, its floor: the same inserts issued straight to the
// database (the store's own call, no HTTP, no checks) by a plain loop with as
// many in flight. Where the time goes: the CPU each report costs in the
// receiver processes, in the PostgreSQL backends serving them and in the
// client (from /proc), and two more rows: the checks alone (in-process, no
// HTTP, no database) and HTTP alone (GET /api/reports, which touches no
// database). Each figure is the median of --runs runs, the scenarios taking
// turns within a run. Bounded in count and time; fails only when a report is
// not acknowledged as new or not stored.
//
//   npm run bench:receiver [-- --reports 3000 --batch 20 --clients 16 --runs 3]
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createReportIntake } from '../server/reportIntake';
import type { ReportEnvelope } from '../src/contract/envelope';
import { openReportStore } from '../server/openStore';
import type { ReportStore, StoredReport } from '../server/store';
import { startReceiverProcess, type ReceiverProcess } from '../server/testing/receiverProcess';
import { startThrowawayPostgres } from '../server/testing/throwawayPostgres';
import { reportSchema } from '../src/contract/schema';
import { TEST_AGENCY_KEYS } from '../src/contract/testing/agencyTestKey';
import { sealedTestEnvelope } from '../src/contract/testing/sealedTestEnvelope';
import { testSigning } from '../server/testing/testSigning';

export interface ReceiverBenchmarkOptions {
  /** Reports per scenario (single and batch alike). */
  reports: number;
  /** Reports per batch request. */
  batchSize: number;
  /** Requests in flight at once. */
  clients: number;
  /** Runs of every scenario; each figure is the median. */
  runs: number;
  /** A cluster to create the databases in; default a throwaway one with fsync on, as a deployment runs. */
  postgresUrl?: string;
  log?: (line: string) => void;
}

export interface Figures {
  reportsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** CPU time per report accepted, in milliseconds, during the timed part of a scenario. */
export interface CpuPerReport {
  receivers: number;
  /** The PostgreSQL backends serving the receivers; 0 for SQLite, which works inside the receiver. */
  database: number;
  /** The benchmark's own process: building requests, fetch, reading answers. */
  client: number;
}

export interface ScenarioResult {
  engine: 'sqlite' | 'postgres';
  receivers: 1 | 2;
  mode: 'single' | 'batch';
  receiver: Figures;
  cpu: CpuPerReport;
  floor: Figures;
}

export interface ReceiverBenchmarkResult {
  scenarios: ScenarioResult[];
  /** The checks alone, one report at a time on one core: reports per second. */
  checksPerSecond: number;
  /** GET /api/reports at the same number of clients, one receiver process. */
  http: Figures;
}

/** Any scenario taking longer than this stops the benchmark. */
const SCENARIO_DEADLINE_MS = 180_000;
/**
 * Reports sent to each receiver (and to each floor) before timing, so that
 * neither the JIT nor a cold pool is measured: a receiver process answers
 * about half as fast over its first thousand requests as after them.
 */
const WARM_UP_REPORTS = 1000;

export class BenchmarkFailure extends Error {
  override name = 'BenchmarkFailure';
}

async function envelopes(count: number): Promise<ReportEnvelope[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const report = reportSchema.parse({
        utcOffsetMinutes: -480,
        reporter: { name: '王老师', unitName: '第一小学', unitType: 'school', phone: '13800138000' },
        child: { name: `小明 ${index}`, whereNow: '在学校医务室' },
        incident: { circumstances: ['injury_abuse'], discoveredAt: '2026-01-02T10:00', narrative: `课间发现孩子手臂上有多处淤青。第 ${index} 份。` },
        suspect: {},
        actions: {},
        declaration: { goodFaith: true },
      });
      // Sealed to the published test key, as a tablet seals for its agency.
      return sealedTestEnvelope(report, randomUUID());
    }),
  );
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time a process has used so far (user + system), in ms; 0 for a process not (or no longer) there, NaN without /proc. */
function cpuMsOf(pid: number): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

const clientCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? NaN;
}

/**
 * Runs `jobs` with `inFlight` at once; each returns how many reports it
 * carried. Reports per second over the whole run; latency per job.
 */
async function timed<T>(jobs: readonly T[], inFlight: number, run: (job: T) => Promise<number>): Promise<Figures> {
  const latencies: number[] = [];
  let reports = 0;
  let next = 0;
  const started = performance.now();
  const deadline = started + SCENARIO_DEADLINE_MS;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < jobs.length) {
        if (performance.now() > deadline) throw new BenchmarkFailure(`a scenario took longer than ${SCENARIO_DEADLINE_MS} ms`);
        const job = jobs[next++] as T;
        const sent = performance.now();
        const carried = await run(job); // not `reports += await …`, which would add to the count read before the wait
        latencies.push(performance.now() - sent);
        reports += carried;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { reportsPerSecond: reports / seconds, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99) };
}

/** POSTs one report or one batch; throws unless every report in it is acknowledged as new. */
async function post(receiver: ReceiverProcess, reports: readonly ReportEnvelope[], batch: boolean): Promise<number> {
  const [single] = reports;
  const response = await fetch(batch ? `${receiver.endpoint}/batch` : receiver.endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(batch ? {} : { 'Idempotency-Key': single?.id ?? '' }) },
    body: JSON.stringify(batch ? { reports } : single),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { results?: { status: number }[] };
  const statuses = batch ? (body.results ?? []).map((result) => result.status) : [response.status];
  if (statuses.length !== reports.length || statuses.some((status) => status !== 201)) {
    throw new BenchmarkFailure(`expected 201 for every report, got ${response.status} ${JSON.stringify(statuses.slice(0, 5))}`);
  }
  return reports.length;
}

const asStored = (envelope: ReportEnvelope): StoredReport => ({
  envelope,
  receiptId: `R-20260301-${randomUUID().replaceAll('-', '').slice(0, 10).toUpperCase()}`,
  receivedAt: new Date().toISOString(),
});

interface Databases {
  /** A fresh, empty database: a SQLite file or a PostgreSQL database. */
  fresh(engine: 'sqlite' | 'postgres'): Promise<string>;
  rowCount(database: string): Promise<number>;
  /** The PostgreSQL backends connected to a database now; none for SQLite. */
  backendPids(database: string): Promise<number[]>;
  close(): Promise<void>;
}

function databases(postgresUrl: string | undefined): Databases {
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-bench-receiver-'));
  const cluster = postgresUrl ? undefined : startThrowawayPostgres({ fsync: true });
  const adminUrl = postgresUrl ?? (cluster as { url: string }).url;
  const created: string[] = [];
  let count = 0;
  const admin = async <T extends pg.QueryResultRow>(sql: string, database?: string): Promise<T[]> => {
    const url = new URL(adminUrl);
    if (database) url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    async fresh(engine) {
      count += 1;
      if (engine === 'sqlite') return path.join(folder, `bench-${count}.sqlite`);
      const name = `shouhu_bench_${process.pid}_${count}`;
      await admin(`CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async rowCount(database) {
      if (!database.startsWith('postgres')) {
        const store = await openReportStore(database, { poolSize: 1, log: () => {} });
        const rows = (await store.summaries()).length;
        await store.close();
        return rows;
      }
      const [row] = await admin<{ n: number }>('SELECT count(*)::int AS n FROM reports', new URL(database).pathname.slice(1));
      return row?.n ?? 0;
    },
    async backendPids(database) {
      if (!database.startsWith('postgres')) return [];
      const rows = await admin<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
        new URL(database).pathname.slice(1),
      );
      return rows.map((row) => row.pid);
    },
    async close() {
      for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      cluster?.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function scenario(
  dbs: Databases,
  settings: ReceiverBenchmarkOptions,
  { engine, receivers: count, mode }: Pick<ScenarioResult, 'engine' | 'receivers' | 'mode'>,
): Promise<ScenarioResult> {
  const batch = mode === 'batch';
  const size = batch ? settings.batchSize : 1;
  const warmUp = await envelopes(WARM_UP_REPORTS * count);
  const measured = await envelopes(settings.reports);

  const database = await dbs.fresh(engine);
  const receivers = await Promise.all(Array.from({ length: count }, () => startReceiverProcess({ RECEIVER_DB: database })));
  let receiverFigures: Figures;
  let cpu: CpuPerReport;
  try {
    let turn = 0;
    const send = (reports: ReportEnvelope[]) => post(receivers[turn++ % count] as ReceiverProcess, reports, batch);
    await timed(chunks(warmUp, size), settings.clients, send);
    const cpuOf = (pids: readonly number[]) => new Map(pids.map((pid) => [pid, cpuMsOf(pid)]));
    const sumSince = (before: Map<number, number>, after: Map<number, number>) =>
      [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);
    const receiverPids = receivers.map((receiver) => receiver.pid);
    const [receiversBefore, backendsBefore, clientBefore] = [cpuOf(receiverPids), cpuOf(await dbs.backendPids(database)), clientCpuMs()];
    receiverFigures = await timed(chunks(measured, size), settings.clients, send);
    const [receiversAfter, clientAfter] = [cpuOf(receiverPids), clientCpuMs()];
    const backendsAfter = cpuOf(await dbs.backendPids(database));
    cpu = {
      receivers: sumSince(receiversBefore, receiversAfter) / measured.length,
      database: sumSince(backendsBefore, backendsAfter) / measured.length,
      client: (clientAfter - clientBefore) / measured.length,
    };
  } finally {
    await Promise.all(receivers.map((receiver) => receiver.stop()));
  }
  const stored = await dbs.rowCount(database);
  if (stored !== warmUp.length + measured.length) throw new BenchmarkFailure(`${engine}: ${stored} rows stored, not ${warmUp.length + measured.length}`);

  // The floor: the same inserts, the store's own call, straight to a fresh database.
  const floorDatabase = await dbs.fresh(engine);
  const store = await openReportStore(floorDatabase, { poolSize: settings.clients, log: () => {} });
  let floor: Figures;
  try {
    const insert = async (reports: ReportEnvelope[]) => (await store.insertAllIfAbsent(reports.map(asStored))).length;
    await timed(chunks(await envelopes(WARM_UP_REPORTS), size), settings.clients, insert);
    floor = await timed(chunks(await envelopes(settings.reports), size), settings.clients, insert);
  } finally {
    await store.close();
  }
  return { engine, receivers: count, mode, receiver: receiverFigures, cpu, floor };
}

/** The intake's checks (parse, envelope, sealed header) with a store that keeps nothing: one core, one report at a time. */
async function checksPerSecond(count: number): Promise<number> {
  const keepsNothing: ReportStore = {
    find: async () => undefined,
    insertAllIfAbsent: async (reports) => reports.map((stored) => ({ stored, inserted: true })),
    storedInOrder: async () => [],
    summaries: async () => [],
    inboxPage: async () => [],
    countReports: async () => 0,
    findWithHistory: async () => undefined,
    latestStatuses: async () => [],
    appendStatus: async () => true,
    deleteAll: async () => {},
    ping: async () => {},
    close: async () => {},
  };
  const intake = createReportIntake({ store: keepsNothing, agencyKeyIds: new Set(TEST_AGENCY_KEYS.map((key) => key.kid)), now: Date.now, ...testSigning() });
  const bodies = (await envelopes(count)).map((envelope) => ({ body: JSON.stringify(envelope), idempotencyKey: envelope.id }));
  for (const submission of bodies.slice(0, WARM_UP_REPORTS)) await intake.acceptReport(submission);
  const started = performance.now();
  for (const submission of bodies) {
    if ((await intake.acceptReport(submission)).status !== 201) throw new BenchmarkFailure('a valid report failed the checks');
  }
  return count / ((performance.now() - started) / 1000);
}

/** GET /api/reports (no database) at the same number of clients: what HTTP alone costs. */
async function httpAlone(dbs: Databases, settings: ReceiverBenchmarkOptions): Promise<Figures> {
  const receiver = await startReceiverProcess({ RECEIVER_DB: await dbs.fresh('sqlite') });
  try {
    const get = async () => {
      const response = await fetch(receiver.endpoint, { signal: AbortSignal.timeout(30_000) });
      await response.arrayBuffer();
      if (response.status !== 200) throw new BenchmarkFailure(`GET /api/reports answered ${response.status}`);
      return 1;
    };
    await timed(Array.from({ length: WARM_UP_REPORTS }), settings.clients, get);
    return await timed(Array.from({ length: settings.reports }), settings.clients, get);
  } finally {
    await receiver.stop();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Each number the median of the same number across runs. */
function medianOf<T>(runs: readonly T[]): T {
  const [first] = runs;
  if (typeof first === 'number') return median(runs as readonly number[]) as T;
  if (typeof first !== 'object' || first === null) return first as T;
  if (Array.isArray(first)) return first.map((_, index) => medianOf(runs.map((run) => (run as unknown[])[index]))) as T;
  return Object.fromEntries(
    Object.keys(first).map((key) => [key, medianOf(runs.map((run) => (run as Record<string, unknown>)[key]))]),
  ) as T;
}

const SCENARIOS: Pick<ScenarioResult, 'engine' | 'receivers' | 'mode'>[] = [
  { engine: 'sqlite', receivers: 1, mode: 'single' },
  { engine: 'sqlite', receivers: 1, mode: 'batch' },
  { engine: 'postgres', receivers: 1, mode: 'single' },
  { engine: 'postgres', receivers: 1, mode: 'batch' },
  { engine: 'postgres', receivers: 2, mode: 'single' },
  { engine: 'postgres', receivers: 2, mode: 'batch' },
];

export async function runReceiverBenchmark(settings: ReceiverBenchmarkOptions): Promise<ReceiverBenchmarkResult> {
  const log = settings.log ?? (() => {});
  const dbs = databases(settings.postgresUrl);
  try {
    const runs: ReceiverBenchmarkResult[] = [];
    for (let run = 1; run <= settings.runs; run++) {
      const scenarios: ScenarioResult[] = [];
      for (const setup of SCENARIOS) {
        const result = await scenario(dbs, settings, setup);
        log(
          `run ${run}: ${setup.engine}, ${setup.receivers} receiver(s), ${setup.mode}: ` +
            `${result.receiver.reportsPerSecond.toFixed(0)} reports/s (floor ${result.floor.reportsPerSecond.toFixed(0)})`,
        );
        scenarios.push(result);
      }
      const http = await httpAlone(dbs, settings);
      const checks = await checksPerSecond(settings.reports);
      runs.push({ scenarios, checksPerSecond: checks, http });
    }
    return medianOf(runs);
  } finally {
    await dbs.close();
  }
}

function printTable(result: ReceiverBenchmarkResult, settings: ReceiverBenchmarkOptions): void {
  const number = (value: number, width: number, digits = 0) => value.toFixed(digits).padStart(width);
  const header =
    '| engine   | receivers | requests    | reports/s | p50 ms | p99 ms | floor reports/s | floor p50 ms | floor p99 ms | receiver / floor |' +
    ' CPU ms/report: receivers | database | client |';
  console.log('');
  console.log(header);
  console.log(`|${header.slice(1, -1).split('|').map((cell) => '-'.repeat(cell.length)).join('|')}|`);
  for (const { engine, receivers, mode, receiver, cpu, floor } of result.scenarios) {
    const requests = (mode === 'single' ? 'single' : `batch of ${settings.batchSize}`).padEnd(11);
    console.log(
      `| ${engine.padEnd(8)} | ${String(receivers).padStart(9)} | ${requests} | ${number(receiver.reportsPerSecond, 9)} | ${number(receiver.p50Ms, 6, 1)} | ${number(receiver.p99Ms, 6, 1)} | ${number(floor.reportsPerSecond, 15)} | ${number(floor.p50Ms, 12, 1)} | ${number(floor.p99Ms, 12, 1)} | ${number((receiver.reportsPerSecond / floor.reportsPerSecond) * 100, 15)} % | ${number(cpu.receivers, 24, 2)} | ${number(cpu.database, 8, 2)} | ${number(cpu.client, 6, 2)} |`,
    );
  }
  console.log('');
  console.log(`Checks alone (parse, envelope, hash, schema; one core, no HTTP, no database): ${result.checksPerSecond.toFixed(0)} reports/s.`);
  console.log(
    `HTTP alone (GET /api/reports, one receiver process, ${settings.clients} clients): ${result.http.reportsPerSecond.toFixed(0)} requests/s, p50 ${result.http.p50Ms.toFixed(1)} ms, p99 ${result.http.p99Ms.toFixed(1)} ms.`,
  );
}

function positiveInteger(name: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`--${name} must be a positive integer, not ${value}`);
  return number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string', default: '3000' },
      batch: { type: 'string', default: '20' },
      clients: { type: 'string', default: '16' },
      runs: { type: 'string', default: '3' },
    },
  });
  const settings: ReceiverBenchmarkOptions = {
    reports: positiveInteger('reports', values.reports),
    batchSize: positiveInteger('batch', values.batch),
    clients: positiveInteger('clients', values.clients),
    runs: positiveInteger('runs', values.runs),
  };
  console.log(
    `Receiver benchmark: ${settings.reports} reports per scenario, batches of ${settings.batchSize}, ${settings.clients} clients, ${settings.runs} run(s) (medians), ` +
      'receivers in their own processes on 127.0.0.1, a fresh database per scenario; PostgreSQL a throwaway cluster with fsync on.',
  );
  const result = await runReceiverBenchmark({ ...settings, log: (line) => console.log(line) });
  printTable(result, settings);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof BenchmarkFailure || error instanceof RangeError ? `FAILED: ${error.message}` : error);
    process.exit(1);
  });
}
