// Medians, percentiles and the printed table: each figure beside its floor and their ratio.

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The app's and the floor's medians of one figure of alternating runs (see alternate). */
export function medians<T>(runs: { app: readonly T[]; floor: readonly T[] }, figure: (run: T) => number): { app: number; floor: number } {
  return { app: median(runs.app.map(figure)), floor: median(runs.floor.map(figure)) };
}

/** The p-th percentile (0-100), nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export type Unit = 'KB' | 'ms' | 'r/s' | 'MB';

export interface Row {
  /** Stable key, e.g. "first-load.own", for tests and the JSON output. */
  key: string;
  label: string;
  unit: Unit;
  app: number;
  floor: number;
  /** What the floor is, briefly. */
  floorIs: string;
  /** Lower is better, except for throughput. */
  higherIsBetter?: boolean;
  goal?: { text: string; met: boolean };
}

export const ratioOf = (row: Row) => row.app / row.floor;

function figure(value: number, unit: Unit): string {
  if (!Number.isFinite(value)) return 'n/a';
  const digits = unit === 'KB' || unit === 'MB' ? 1 : 0;
  return `${value.toFixed(digits)} ${unit}`;
}

export function formatTable(rows: readonly Row[]): string {
  const header = ['measure', 'Shouhu', 'floor', 'ratio', 'goal', 'met', 'floor is'];
  const body = rows.map((row) => [
    row.label,
    figure(row.app, row.unit),
    figure(row.floor, row.unit),
    Number.isFinite(ratioOf(row)) ? `${ratioOf(row).toFixed(2)}×` : 'n/a',
    row.goal?.text ?? '',
    row.goal ? (row.goal.met ? 'yes' : 'NO') : '',
    row.floorIs,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column >= 1 && column <= 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((width, column) => (column >= 1 && column <= 3 ? `${'-'.repeat(width + 1)}:` : `${'-'.repeat(width + 2)}`)).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}
