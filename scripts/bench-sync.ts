// The sync benchmark (issue 3): fills the outbox with N reports and drains it
// to a reference receiver started in-process, timing the sync engine against a
// plain loop of POSTs with the same concurrency, which is the floor the engine
// is measured against. Prints figures; fails only when a report is missing.
//
//   npx tsx scripts/bench-sync.ts [--reports 1000] [--concurrency 4] [--runs 3]
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { startReceiver, type RunningReceiver } from '../server/receiver';
import { openDatabase, type OutboxItem } from '../src/storage/db';
import { SCHEMA_VERSION, writeEnvelope } from '../src/contract/protocol';
import { sealReportFor } from '../src/contract/sealReportFor';
import { TEST_AGENCY_KEYS, TEST_AGENCY_PUBLIC_KEY } from '../src/contract/testing/agencyTestKey';
import { createSyncEngine } from '../src/sync/syncEngine';
import { contentHash } from '../src/contract/contentHash';
import { reportSchema, type Report } from '../src/contract/schema';
import { referenceFromId } from '../src/contract/referenceCode';
import { TEST_RECEIVER_SIGNING } from '../server/testing/testSigning';

export interface SyncBenchmarkOptions {
  reports?: number;
  concurrency?: number;
  runs?: number;
  /** Progress lines while it runs; default none. */
  log?: (line: string) => void;
}

export interface TimedDrain {
  ms: number;
  reportsPerSecond: number;
  /** Rows the receiver's database held afterwards. */
  receiverRows: number;
}

export interface EngineRun extends TimedDrain {
  /** Writing the N queued items into a fresh database; not timed. */
  fillMs: number;
  /** syncNow() calls until every item was acknowledged. */
  passes: number;
}

export interface SyncBenchmarkResult {
  reports: number;
  concurrency: number;
  /** How the engine's sender lock was provided. */
  lock: string;
  /** Building and hashing the N reports, once for all runs; not timed. */
  prepareMs: number;
  runs: { engine: EngineRun; loop: TimedDrain }[];
  engineMedian: number;
  loopMedian: number;
  /** engineMedian / loopMedian; the goal is at least 0.8. */
  ratio: number;
}

/** A report is missing, duplicated or not acknowledged: the one way the benchmark fails. */
export class BenchmarkFailure extends Error {
  override name = 'BenchmarkFailure';
}

const DEFAULTS = { reports: 1000, concurrency: 4, runs: 3 };
/** Reports sent by each side once before the timed runs, so that neither pays for the JIT warming up. */
const WARM_UP_REPORTS = 100;

function syntheticReport(index: number): Report {
  return reportSchema.parse({
    utcOffsetMinutes: -480,
    reporter: { name: 'Bench Teacher', unitName: 'Bench School', unitType: 'school', phone: '010-1234567' },
    child: { name: `Bench Child ${index}`, whereNow: 'At school' },
    incident: {
      circumstances: ['injury_abuse'],
      discoveredAt: '2026-01-02T10:00',
      narrative: `Synthetic narrative number ${index} for the sync benchmark.`,
      immediateDanger: 'unknown',
    },
    suspect: {},
    actions: {},
    declaration: { goodFaith: true },
  });
}

/** A queued outbox item, sealed for the (test) agency key as filing seals it: the engine sends it as it is. */
type QueuedItem = OutboxItem & { sealedForAgency: string };

/** N queued outbox items with distinct ids and content, filed one millisecond apart. */
async function queuedItems(count: number): Promise<QueuedItem[]> {
  const filedFrom = Date.UTC(2026, 0, 2, 2, 0);
  return Promise.all(
    Array.from({ length: count }, async (_, index): Promise<QueuedItem> => {
      const id = crypto.randomUUID();
      const report = syntheticReport(index);
      const at = new Date(filedFrom + index).toISOString();
      const fields = { id, reference: referenceFromId(id), createdAt: at, submittedAt: at, contentHash: await contentHash(report) };
      return {
        ...fields,
        status: 'queued',
        // As filed since database version 3. Without it, fake-indexeddb throws
        // and catches a DataError for the profileId index on every write, a
        // cost no browser has.
        profileId: 'bench-profile',
        sealedForAgency: await sealReportFor(TEST_AGENCY_PUBLIC_KEY, { ...fields, schemaVersion: SCHEMA_VERSION }, report),
        attempts: 0,
        nextAttemptAt: 0,
      };
    }),
  );
}

let drains = 0;

/** A receiver on a free port with a database file of its own, so that every report is new to it. */
async function freshReceiver(folder: string, label: string): Promise<RunningReceiver & { dbPath: string }> {
  const dbPath = path.join(folder, `${label}-${++drains}.sqlite`);
  const receiver = await startReceiver({
    database: dbPath,
    port: 0,
    host: '127.0.0.1',
    agencyKeyIds: TEST_AGENCY_KEYS.map((key) => key.kid),
    ...TEST_RECEIVER_SIGNING,
    log: () => {},
  });
  return { ...receiver, dbPath };
}

/** The ids the receiver stored, read straight from its SQLite file. */
function storedIds(dbPath: string): string[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare<[], { id: string }>('SELECT id FROM reports').all().map((row) => row.id);
  } finally {
    db.close();
  }
}

function checkStored(what: string, dbPath: string, items: readonly OutboxItem[]): number {
  const ids = storedIds(dbPath);
  const stored = new Set(ids);
  const expected = new Set(items.map((item) => item.id));
  const missing = items.filter((item) => !stored.has(item.id)).length;
  const foreign = ids.filter((id) => !expected.has(id)).length;
  if (ids.length !== items.length || missing > 0 || foreign > 0) {
    throw new BenchmarkFailure(
      `${what}: the receiver holds ${ids.length} rows for ${items.length} reports (${missing} missing, ${foreign} unexpected)`,
    );
  }
  return ids.length;
}

const perSecond = (count: number, ms: number) => (count * 1000) / ms;

async function engineRun(items: readonly OutboxItem[], concurrency: number, folder: string): Promise<EngineRun> {
  const receiver = await freshReceiver(folder, 'engine');
  const db = openDatabase(`bench-sync-${crypto.randomUUID()}`);
  try {
    const filling = performance.now();
    await db.outbox.bulkAdd(items.map((item) => ({ ...item })));
    const fillMs = performance.now() - filling;

    // The default lock: Web Locks where Node has them, else the lease in the database.
    const engine = createSyncEngine({ db, getConfig: async () => ({ endpoint: receiver.endpoint }), concurrency });
    const started = performance.now();
    let acknowledged = 0;
    let passes = 0;
    while (acknowledged < items.length) {
      const summary = await engine.syncNow();
      passes += 1;
      if (summary.skipped) throw new BenchmarkFailure(`engine: a pass was skipped (${summary.skipped})`);
      acknowledged += summary.acknowledged;
      if (summary.attempted === 0) break; // nothing due any more
    }
    const ms = performance.now() - started;

    const notAcknowledged = await db.outbox.where('status').notEqual('acknowledged').count();
    if (notAcknowledged > 0) {
      throw new BenchmarkFailure(`engine: ${notAcknowledged} of ${items.length} reports were not acknowledged`);
    }
    const receiverRows = checkStored('engine', receiver.dbPath, items);
    return { ms, reportsPerSecond: perSecond(items.length, ms), receiverRows, fillMs, passes };
  } finally {
    await db.delete();
    await receiver.close();
  }
}

/** The floor: the same envelopes and headers, `concurrency` workers POSTing in turn, no database. */
async function loopRun(items: readonly QueuedItem[], concurrency: number, folder: string): Promise<TimedDrain> {
  const receiver = await freshReceiver(folder, 'loop');
  try {
    const started = performance.now();
    let next = 0;
    let failed = 0;
    const worker = async () => {
      for (let item = items[next++]; item; item = items[next++]) {
        const response = await fetch(receiver.endpoint, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': item.id },
          body: JSON.stringify(writeEnvelope({ ...item, sealedReport: item.sealedForAgency })),
          cache: 'no-store',
        });
        await response.text();
        if (response.status !== 201) failed += 1;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
    const ms = performance.now() - started;
    if (failed > 0) throw new BenchmarkFailure(`loop: ${failed} of ${items.length} POSTs were not answered 201`);
    const receiverRows = checkStored('loop', receiver.dbPath, items);
    return { ms, reportsPerSecond: perSecond(items.length, ms), receiverRows };
  } finally {
    await receiver.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a positive integer, not ${value}`);
  return value;
}

/**
 * Runs the engine and the plain loop `runs` times each, alternating, so that
 * both share the machine's noise. Throws BenchmarkFailure when a report is not
 * stored exactly once.
 */
export async function runSyncBenchmark(options: SyncBenchmarkOptions = {}): Promise<SyncBenchmarkResult> {
  const reports = positiveInteger('reports', options.reports ?? DEFAULTS.reports);
  const concurrency = positiveInteger('concurrency', options.concurrency ?? DEFAULTS.concurrency);
  const runCount = positiveInteger('runs', options.runs ?? DEFAULTS.runs);
  const log = options.log ?? (() => {});
  const lock = typeof navigator !== 'undefined' && (navigator as Partial<Navigator>).locks ? 'Web Locks' : 'lease in the database';

  const preparing = performance.now();
  const items = await queuedItems(reports);
  const prepareMs = performance.now() - preparing;
  log(`Prepared ${reports} reports (built, hashed and sealed for the agency) in ${prepareMs.toFixed(0)} ms, not timed. Engine lock: ${lock}.`);

  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-bench-sync-'));
  try {
    const warmUp = items.slice(0, WARM_UP_REPORTS);
    await engineRun(warmUp, concurrency, folder);
    await loopRun(warmUp, concurrency, folder);

    const runs: SyncBenchmarkResult['runs'] = [];
    for (let run = 1; run <= runCount; run++) {
      const engine = await engineRun(items, concurrency, folder);
      const loop = await loopRun(items, concurrency, folder);
      runs.push({ engine, loop });
      log(
        `run ${run}: engine ${engine.reportsPerSecond.toFixed(0)} r/s, loop ${loop.reportsPerSecond.toFixed(0)} r/s` +
          ` (fill ${engine.fillMs.toFixed(0)} ms, not timed)`,
      );
    }
    const engineMedian = median(runs.map((run) => run.engine.reportsPerSecond));
    const loopMedian = median(runs.map((run) => run.loop.reportsPerSecond));
    return { reports, concurrency, lock, prepareMs, runs, engineMedian, loopMedian, ratio: engineMedian / loopMedian };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const GOAL = 0.8;

function printTable(result: SyncBenchmarkResult): void {
  const cell = (value: number, width = 10) => value.toFixed(0).padStart(width);
  console.log('');
  console.log(`  run  ${'engine r/s'.padStart(10)}  ${'loop r/s'.padStart(10)}  ${'engine/loop'.padStart(11)}  ${'fill ms'.padStart(8)}`);
  result.runs.forEach(({ engine, loop }, index) => {
    const ratio = `${((engine.reportsPerSecond / loop.reportsPerSecond) * 100).toFixed(0)}%`;
    console.log(
      `  ${String(index + 1).padStart(3)}  ${cell(engine.reportsPerSecond)}  ${cell(loop.reportsPerSecond)}  ${ratio.padStart(11)}  ${cell(engine.fillMs, 8)}`,
    );
  });
  const ratio = `${(result.ratio * 100).toFixed(0)}%`;
  console.log(`  med  ${cell(result.engineMedian)}  ${cell(result.loopMedian)}  ${ratio.padStart(11)}`);
  console.log('');
  console.log(
    `Engine/loop ${ratio} of the medians (goal ≥ ${GOAL * 100}%): ${result.ratio >= GOAL ? 'met' : 'not met'}.` +
      ` Every run stored exactly ${result.reports} reports.`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      reports: { type: 'string', default: String(DEFAULTS.reports) },
      concurrency: { type: 'string', default: String(DEFAULTS.concurrency) },
      runs: { type: 'string', default: String(DEFAULTS.runs) },
    },
  });
  const options = { reports: Number(values.reports), concurrency: Number(values.concurrency), runs: Number(values.runs) };
  const setting = `${options.reports} reports, concurrency ${options.concurrency}, ${options.runs} runs`;
  console.log(`Sync benchmark: ${setting}, against the reference receiver on 127.0.0.1 (a fresh database per run).`);
  const result = await runSyncBenchmark({ ...options, log: (line) => console.log(line) });
  printTable(result);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    if (error instanceof BenchmarkFailure) console.error(`FAILED: ${error.message}`);
    else console.error(error instanceof RangeError ? error.message : error);
    process.exit(1);
  });
}
