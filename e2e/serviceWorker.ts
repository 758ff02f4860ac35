// Helpers for tests of the service worker: wait until it controls the page, and
// list what it keeps in the Cache Storage.
import { expect, type Page } from '@playwright/test';

const controlled = (page: Page) => page.evaluate(() => navigator.serviceWorker.controller !== null);

/**
 * Waits until the service worker is active (its precache complete) and
 * controls the page. The worker claims the open page when it activates
 * (clientsClaim), but now and then Chromium leaves that first page
 * uncontrolled (about 1 run in 6 on a loaded machine); a tablet's next load
 * is controlled either way, so the page is loaded once more then.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const claimed = await expect
    .poll(() => controlled(page), { timeout: 5_000 })
    .toBe(true)
    .then(() => true, () => false);
  if (claimed) return;
  await page.reload();
  await expect.poll(() => controlled(page)).toBe(true);
}

export interface CachedEntry {
  cache: string;
  url: string;
  bytes: number;
}

/** Every response in the Cache Storage, with its size. */
export function cachedEntries(page: Page): Promise<CachedEntry[]> {
  return page.evaluate(async () => {
    const entries: { cache: string; url: string; bytes: number }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        entries.push({ cache: name, url: request.url, bytes: response ? (await response.arrayBuffer()).byteLength : 0 });
      }
    }
    return entries;
  });
}
