// The benchmark suite runs end to end (`npm run bench -- --tiny`: both builds,
// every measure once, small numbers) and prints its table: every row there,
// every figure a finite positive number. Not a performance test: no goal is checked.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from './deployment';

const ROWS = [
  'first-load.third-party',
  'first-load.own-code',
  'first-load.messages',
  'first-load.own-and-messages',
  'first-load.total',
  'first-load.interactive',
  'offline-start',
  'offline-start.plain-html',
  'typing.narrative',
  'typing.short',
  'saving.draft',
  'saving.file-report',
  'saving.confirmation',
  'sync.throughput',
  'sync.batch-floor',
  'sync.one-per-request',
  'scale.render',
  'scale.scroll',
  'scale.heap',
  'receipt-check.cold',
  'receipt-check.warm',
  'inbox.open',
  'inbox.older',
];

interface Row {
  key: string;
  label: string;
  app: number;
  floor: number;
}

test('npm run bench -- --tiny prints a table with a figure and a floor for every measure', async () => {
  test.setTimeout(150_000);
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-bench-smoke-'));
  try {
    const json = path.join(folder, 'bench.json');
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/bench/run.ts', '--tiny', '--json', json], {
      timeout: 140_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const { rows } = JSON.parse(readFileSync(json, 'utf8')) as { rows: Row[] };
    expect(rows.map((row) => row.key)).toEqual(ROWS);

    const printed = stdout.split('\n').filter((line) => line.startsWith('| '));
    expect(printed[0]).toMatch(/^\| measure +\| +Shouhu \| +floor \| +ratio \| goal/);
    for (const row of rows) {
      expect(Number.isFinite(row.app) && row.app > 0, `${row.key}: Shouhu ${row.app}`).toBe(true);
      // The floor has no messages at all; every other floor is a measured, positive figure.
      if (row.key !== 'first-load.messages') expect(Number.isFinite(row.floor) && row.floor > 0, `${row.key}: floor ${row.floor}`).toBe(true);
      const line = printed.find((candidate) => candidate.startsWith(`| ${row.label} `));
      expect(line, `${row.key} is in the printed table`).toBeDefined();
      const [, , shouhu, floor, ratio] = (line ?? '').split('|').map((cell) => cell.trim());
      expect(shouhu).toMatch(/^\d+(\.\d)? (KB|ms|r\/s|MB)$/);
      if (row.key !== 'first-load.messages') {
        expect(floor).toMatch(/^\d+(\.\d)? (KB|ms|r\/s|MB)$/);
        expect(ratio).toMatch(/^\d+\.\d\d×$/);
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
