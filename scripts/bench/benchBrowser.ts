// Chromium as the end-to-end tests launch it (e2e/browser.ts), with a page
// factory that installs the probes and throttles the CPU.
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../../e2e/browser';
import { FIRST_CONTROL, PROBES } from './pageProbes';

/** The CPU of a cheap tablet, roughly: every measure runs at this slowdown, the floors too. */
export const CPU_SLOWDOWN = 4;

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === null) throw new Error('No Chromium found: set CHROMIUM_PATH or install chromium (apt-get install chromium).');
  return chromium.launch({ ...(executablePath ? { executablePath } : {}), args: CHROMIUM_ARGS });
}

export interface BenchPage {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  /** Turns the CPU slowdown on (CPU_SLOWDOWN) or off (1). */
  throttle(on: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface PageOptions {
  /** Block service workers (the first-load measure: nothing precached, nothing served by a worker). */
  blockServiceWorkers?: boolean;
  /** Start throttled; default true. */
  throttled?: boolean;
}

/** A fresh context (empty cache and storage) with one page, the probes installed, the tablet's viewport. */
export async function openPage(browser: Browser, options: PageOptions = {}): Promise<BenchPage> {
  const context = await browser.newContext({
    viewport: { width: 768, height: 1024 },
    hasTouch: true,
    serviceWorkers: options.blockServiceWorkers ? 'block' : 'allow',
  });
  await context.addInitScript({ content: `${PROBES}\nglobalThis.__bench.watchFirstControl(${JSON.stringify(FIRST_CONTROL)});` });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const throttle = async (on: boolean) => {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: on ? CPU_SLOWDOWN : 1 });
  };
  await throttle(options.throttled ?? true);
  return { context, page, cdp, throttle, close: () => context.close() };
}

export interface PaintTimes {
  /** When the DOM first showed it (performance.now() in the page). */
  seenAt: number;
  /** The end of the next frame after that. */
  paintedAt: number;
}

/** When the first enabled control of the page's first screen was painted, from navigation start. */
export async function firstControlAt(page: Page): Promise<PaintTimes> {
  return page.evaluate(() => (globalThis as unknown as { __bench: { firstControl: Promise<PaintTimes> } }).__bench.firstControl);
}

/** The probes' object in the page, typed for page.evaluate callbacks. */
export interface Probes {
  nextPaint(): Promise<number>;
  whenText(selector: string, text: string): Promise<PaintTimes>;
  whenCount(selector: string, count: number): Promise<PaintTimes>;
  recordKeys(): void;
  waitForKeys(count: number): Promise<number[]>;
  recordClicks(): void;
  clickAt(): number | undefined;
  lastKeyDownAt: number | undefined;
  idbGet(name: string, store: string, key: string): Promise<unknown>;
  idbGetAll(name: string, store: string): Promise<unknown[]>;
  idbPutAll(name: string, store: string, records: unknown[]): Promise<void>;
  idbClear(name: string, store: string): Promise<void>;
  pollUpdatedAt(name: string, store: string, key: string, before: string | undefined, intervalMs: number, timeoutMs: number): Promise<number>;
  postLoop(endpoint: string, envelopes: unknown[], workers: number, perRequest: number): Promise<number>;
}

/** In page.evaluate callbacks: `(globalThis as unknown as WithProbes).__bench`. */
export interface WithProbes {
  __bench: Probes;
}
