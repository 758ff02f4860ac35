// What every measure gets: the browser, the two served builds and the settings.
import type { Browser } from '@playwright/test';

export interface Site {
  url: string;
  outDir: string;
}

export interface BenchSettings {
  /** Runs per figure; each figure is the median of the runs. */
  runs: number;
  /** Keystrokes per field per run. */
  keystrokes: number;
  /** Reports drained by the sync measure. */
  syncReports: number;
  /** Reports in the outbox for the scale measure, and in the receiver for the inbox measure. */
  scaleReports: number;
  /** Characters of narrative already in the draft while typing. */
  narrativeLength: number;
}

export interface BenchContext extends BenchSettings {
  browser: Browser;
  app: Site;
  floor: Site;
  log(line: string): void;
}

/** Alternates the app and the floor within each run, so that both share the machine's noise. */
export async function alternate<T>(runs: number, measure: (target: 'app' | 'floor', run: number) => Promise<T>): Promise<{ app: T[]; floor: T[] }> {
  const results = { app: [] as T[], floor: [] as T[] };
  for (let run = 0; run < runs; run++) {
    const order: ('app' | 'floor')[] = run % 2 === 0 ? ['app', 'floor'] : ['floor', 'app'];
    for (const target of order) results[target].push(await measure(target, run));
  }
  return results;
}
