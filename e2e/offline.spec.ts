// Works offline in the field: after one online visit the service worker serves
// every screen without a network, also after the browser restarts; a report
// filed offline stays on the tablet and reaches the receiver when the network
// returns. A negative control shows the offline start comes from the service worker.
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, outboxEntry, sendReportsTo, test } from './receiver';
import { fileReport, fillReport, gotoStep, labels, sampleDetails, storedDrafts } from './reportForm';
import { cachedEntries, waitForServiceWorker } from './serviceWorker';
import { enterApp, LABEL, visit } from './session';

const START = '开始新报告';
// After a full load the first screen is the lock screen: its first control is the profile's button.
const RUNS = 5;

/** Records, in every page of the context, when the start button is first there and enabled. */
async function watchForStartButton(context: BrowserContext): Promise<void> {
  await context.addInitScript((labels) => {
    const page = window as unknown as { startButtonAt?: number };
    const observer = new MutationObserver(() => {
      if (page.startButtonAt !== undefined) return;
      for (const button of document.querySelectorAll('button')) {
        if (labels.includes(button.textContent?.trim() ?? '') && !button.disabled) {
          page.startButtonAt = performance.now();
          observer.disconnect();
          return;
        }
      }
    });
    observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
  }, [START, LABEL]);
}

/** Loads `url` RUNS times; the median time from navigation start to its first enabled control, all served by the service worker. */
async function medianStart(page: Page, url: string): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.goto(url);
    await expect(page.getByRole('button', { name: url.includes('floor') ? START : LABEL, exact: true })).toBeEnabled();
    const { at, workerStart } = await page.evaluate(() => ({
      at: (window as unknown as { startButtonAt?: number }).startButtonAt,
      workerStart: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart,
    }));
    expect(workerStart, `${url} is served by the service worker`).toBeGreaterThan(0);
    expect(at).toBeDefined();
    times.push(at ?? Number.NaN);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

test('after one online visit the app works offline, also after a restart, and sends what was filed when back online', async ({
  receiver,
  baseURL,
  forbidBuiltEndpoint,
}, testInfo) => {
  test.setTimeout(120_000);
  const { launchOptions, viewport, hasTouch } = testInfo.project.use;
  const profile = mkdtempSync(path.join(tmpdir(), 'shouhu-offline-profile-'));
  // A persistent profile, so that the browser can be closed and started again like a tablet.
  const launch = async () => {
    const launched = await chromium.launchPersistentContext(profile, { ...launchOptions, ...(baseURL ? { baseURL } : {}), viewport, hasTouch });
    forbidBuiltEndpoint(launched);
    return launched;
  };
  let context = await launch();
  try {
    let page = context.pages()[0] ?? (await context.newPage());

    // The one online visit.
    await sendReportsTo(page, receiver.endpoint);
    await visit(page, '/');
    await waitForServiceWorker(page);
    // Installable, in Chromium's own judgement (a normal profile: incognito never is).
    const cdp = await context.newCDPSession(page);
    expect((await cdp.send('Page.getInstallabilityErrors')).installabilityErrors).toEqual([]);
    await cdp.detach();

    // The precache: the app's own files only, no report data, nothing from the receiver.
    const cached = await cachedEntries(page);
    const origin = new URL(page.url()).origin;
    for (const entry of cached) {
      expect(entry.url.startsWith(`${origin}/`), entry.url).toBe(true);
      expect(entry.cache).toMatch(/precache/);
    }
    expect(cached.map((entry) => new URL(entry.url).pathname)).not.toContain('/config.json');
    const precacheKb = cached.reduce((sum, entry) => sum + entry.bytes, 0) / 1024;
    console.log(`precache (Cache Storage, measured): ${cached.length} entries, ${precacheKb.toFixed(1)} KiB`);

    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);

    // Start-up offline: the app against the floor (a minimal page served the same way).
    await watchForStartButton(context);
    const app = await medianStart(page, '/');
    const floor = await medianStart(page, '/floor.html');
    console.log(
      `offline start, navigation to the first enabled control (app: the lock screen's profile button; floor: "${START}"), served by the service worker (median of ${RUNS}): app ${app.toFixed(0)} ms, floor ${floor.toFixed(0)} ms`,
    );

    // Every screen, offline.
    await visit(page, '/');
    await expect(page.getByRole('heading', { name: '强制报告' })).toBeVisible();
    await expect(page.locator('.connection')).toContainText('没有网络');
    const nav = page.getByRole('navigation', { name: '主导航' });
    await nav.getByRole('link', { name: '草稿' }).click();
    await expect(page.getByRole('heading', { name: '草稿', level: 2 })).toBeVisible();
    await nav.getByRole('link', { name: '发件箱' }).click();
    await expect(page.getByRole('heading', { name: '发件箱', level: 2 })).toBeVisible();
    await nav.getByRole('link', { name: '设置' }).click();
    await expect(page.getByRole('heading', { name: '设置', exact: true, level: 2 })).toBeVisible();
    await expect(page.getByText('离线使用：已就绪')).toBeVisible();
    // English is a chunk of its own.
    await page.getByRole('button', { name: '切换到英文' }).click();
    await expect(page.getByRole('heading', { name: 'Settings', exact: true, level: 2 })).toBeVisible();
    await expect(page.locator('.connection')).toContainText('No network');

    // Each step of a report, each in a fresh page load (the steps are lazy chunks).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await page.getByRole('button', { name: 'Start a new report' }).click();
    const steps = ['What happened', 'More details', 'Check and submit'];
    for (const [index, title] of steps.entries()) {
      await gotoStep(page, index + 1);
      await expect(page.getByRole('heading', { name: title, level: 2 })).toBeVisible();
      await expect(page.locator('.step')).toBeVisible();
    }

    // File a report offline.
    await visit(page, '/');
    const reference = await fileReport(page, 'en', sampleDetails('offline'));

    // Close the page and open another, still offline: the report is queued.
    await page.close();
    page = await context.newPage();
    await visit(page, '/outbox');
    await expect(outboxEntry(page, reference)).toContainText('Status: Waiting to be sent');
    expect(await receiver.rows()).toEqual([]);

    // The tablet restarts, still without a network.
    await context.close();
    context = await launch();
    await context.setOffline(true);
    page = context.pages()[0] ?? (await context.newPage());
    await visit(page, '/outbox');
    await expect(outboxEntry(page, reference)).toContainText('Status: Waiting to be sent');
    await expect(page.locator('.connection')).toContainText('No network');

    // Back in range: the report is sent, once, and the header says so.
    await context.setOffline(false);
    await expect(outboxEntry(page, reference)).toContainText('Status: Received by the agency', { timeout: 30_000 });
    const rows = await receiver.rows();
    expect(rows).toHaveLength(1);
    await expect(page.locator('.connection')).toContainText('Online');
    await expect(page.locator('.connection')).toContainText('Last sent:');
    // The time of the last successful sync survives a reload.
    await page.reload();
  await enterApp(page);
    await expect(page.locator('.connection')).toContainText('Last sent:');
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('is installable: a manifest with name, icons, theme colour, standalone display and start URL', async ({ page }) => {
  await visit(page, '/');
  await waitForServiceWorker(page);
  const manifestUrl = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(manifestUrl).toBeTruthy();
  const manifest = (await (await page.request.get(manifestUrl ?? '')).json()) as {
    name: string;
    display: string;
    theme_color: string;
    start_url: string;
    icons: { src: string; sizes: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({ name: '守护 Shouhu', display: 'standalone', theme_color: '#1d4f91', start_url: '/' });
  const icons = manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`);
  expect(icons).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const png = await (await page.request.get(icon.src)).body();
    // The PNG header's width and height (IHDR) match the sizes the manifest claims.
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }
  // Chromium's own verdict on installability is taken in the first test (this context is incognito).
});

test('negative control: without the service worker, a reload offline fails', async ({ browser, baseURL, forbidBuiltEndpoint }) => {
  const context = await browser.newContext({ serviceWorkers: 'block', ...(baseURL ? { baseURL } : {}) });
  forbidBuiltEndpoint(context);
  try {
    const page = await context.newPage();
    await visit(page, '/');
    await expect(page.getByRole('button', { name: START })).toBeEnabled();
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
    await context.setOffline(true);
    await expect(page.reload()).rejects.toThrow(/ERR_INTERNET_DISCONNECTED|net::ERR/);
  } finally {
    await context.close();
  }
});

test('a filing that fails because storage is full says so, keeps the draft, and works once there is room', async ({ page }) => {
  const t = labels('en');
  const details = sampleDetails('full');
  await visit(page, '/?lang=en');
  await fillReport(page, 'en', details);

  // The disk fills up just as the report is filed: adding to the outbox fails.
  await page.evaluate(() => {
    const add = IDBObjectStore.prototype.add;
    const full = window as unknown as { diskFull: boolean };
    full.diskFull = true;
    IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (full.diskFull && this.name === 'outbox') throw new DOMException('The disk is full', 'QuotaExceededError');
      return add.apply(this, args);
    };
  });
  await page.getByRole('button', { name: t.submit }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'this tablet\u2019s storage is full' })).toBeVisible();
  await expect(page).toHaveURL(/\/step-3/);
  expect(await storedDrafts(page)).toHaveLength(1);

  // Room again: filing goes through.
  await page.evaluate(() => {
    (window as unknown as { diskFull: boolean }).diskFull = false;
  });
  await page.getByRole('button', { name: t.submit }).click();
  await expect(page.getByRole('heading', { name: t.filed })).toBeVisible();
});
