// The benchmark suite (issue 7): Shouhu against its floor on a throttled CPU.
// Builds the app and the floor (or takes a built app with --dist), serves both
// with `vite preview` on 127.0.0.1, drives Chromium and prints a table: each
// figure the median of --runs runs, beside its floor measured in the same run,
// and their ratio. See docs/benchmarks.md for what each row means.
//
//   npm run bench                       5 runs, every measure
//   npm run bench -- --runs 3 --only first-load,typing
//   npm run bench -- --tiny             one quick run of everything (a smoke run)
//   npm run bench -- --dist dist        measure an existing build (bytes split only with source maps)
//   npm run bench -- --json out.json    also write the rows as JSON
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CPU_SLOWDOWN, launchChromium } from './benchBrowser';
import { buildApp, buildFloor, serve, type Served } from './builds';
import type { BenchContext, BenchSettings } from './context';
import { measureEditing } from './measures/editing';
import { measureFiling } from './measures/filing';
import { measureFirstLoad } from './measures/firstLoad';
import { measureInbox } from './measures/inbox';
import { measureOfflineStart } from './measures/offlineStart';
import { measureReceiptCheck } from './measures/receiptCheck';
import { measureScale } from './measures/scale';
import { measureSync } from './measures/sync';
import { formatTable, type Row } from './table';

const MEASURES = {
  'first-load': async (context: BenchContext) => {
    const result = await measureFirstLoad(context);
    context.log(`  first-load files (gzip KB, own+messages): ${result.app.files.map((file) => `${file.file} ${(file.gzip / 1024).toFixed(1)} (${((file.groups.own + file.groups.messages) / 1024).toFixed(1)})`).join(', ')}`);
    if (result.app.unmapped.length > 0) context.log(`  no source map, counted whole as own code: ${result.app.unmapped.join(', ')}`);
    return result.rows;
  },
  'offline-start': measureOfflineStart,
  typing: measureEditing,
  filing: measureFiling,
  sync: measureSync,
  scale: measureScale,
  'receipt-check': measureReceiptCheck,
  inbox: measureInbox,
} satisfies Record<string, (context: BenchContext) => Promise<Row[]>>;

type MeasureName = keyof typeof MEASURES;

const FULL: BenchSettings = { runs: 5, keystrokes: 100, syncReports: 1000, scaleReports: 5000, narrativeLength: 8000 };
const TINY: BenchSettings = { runs: 1, keystrokes: 8, syncReports: 20, scaleReports: 200, narrativeLength: 8000 };

function positiveInteger(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new RangeError(`--${name} must be a positive integer, not ${value}`);
  return number;
}

async function main(argv = process.argv.slice(2)): Promise<Row[]> {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      tiny: { type: 'boolean', default: false },
      dist: { type: 'string' },
      only: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const base = values.tiny ? TINY : FULL;
  const settings: BenchSettings = { ...base, ...(values.runs ? { runs: positiveInteger('runs', values.runs) } : {}) };
  const only = (values.only?.split(',').map((name) => name.trim()) ?? Object.keys(MEASURES)) as MeasureName[];
  for (const name of only) if (!(name in MEASURES)) throw new RangeError(`--only: no measure "${name}" (${Object.keys(MEASURES).join(', ')})`);

  const log = (line: string) => console.log(line);
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-bench-'));
  const served: Served[] = [];
  const browser = await launchChromium();
  try {
    const appDir = values.dist ? path.resolve(values.dist) : path.join(folder, 'app');
    const floorDir = path.join(folder, 'floor');
    const building = performance.now();
    if (!values.dist) await buildApp(appDir);
    await buildFloor(floorDir);
    log(`Built ${values.dist ? 'the floor' : 'the app and the floor'} in ${((performance.now() - building) / 1000).toFixed(1)} s.`);
    const app = await serve(appDir);
    served.push(app);
    const floor = await serve(floorDir);
    served.push(floor);
    const context: BenchContext = { ...settings, browser, log, app: { url: app.url, outDir: appDir }, floor: { url: floor.url, outDir: floorDir } };
    log(
      `Benchmark: CPU slowed ${CPU_SLOWDOWN}×, ${settings.runs} run(s) per figure (medians), ${settings.keystrokes} keystrokes per field per run, ` +
        `sync ${settings.syncReports} reports, outbox and inbox ${settings.scaleReports} reports. App ${app.url}, floor ${floor.url}.`,
    );
    const rows: Row[] = [];
    for (const name of only) {
      const started = performance.now();
      log(`- ${name}`);
      rows.push(...(await MEASURES[name](context)));
      log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
    const outbox = rows.find((row) => row.key === 'scale.render');
    const inbox = rows.find((row) => row.key === 'inbox.open');
    if (outbox && inbox) {
      log(`${settings.scaleReports} reports: the agency inbox shows its first 50 in ${inbox.app.toFixed(0)} ms from "Open" (key file included); the tablet's outbox screen in ${outbox.app.toFixed(0)} ms.`);
    }
    console.log('');
    console.log(formatTable(rows));
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ settings, rows }, null, 2)}\n`);
    return rows;
  } finally {
    await browser.close();
    for (const server of served) await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof RangeError ? error.message : error);
  process.exit(1);
});
