// Offline start: after one online visit (a profile created, the service worker
// in control), the network goes away and the page is loaded again. Time from
// navigation start to the painted first enabled control: the app's lock screen
// (its profile button); the floor's input, the floor being built with the same
// generated service worker. public/floor.html (plain HTML, no React, precached
// by the app's own worker) is measured too, as a lower floor.
import type { Page } from '@playwright/test';
import { firstControlAt, openPage, type BenchPage } from '../benchBrowser';
import { alternate, type BenchContext } from '../context';
import { median, type Row } from '../table';
import { createProfile } from './appFlows';

async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * One start, from a blank page: the time is the new page's, not the previous
 * document's teardown (navigation start comes before it). The other tablet's
 * page is blank meanwhile, so that nothing of it runs beside the start.
 */
async function startOffline(bench: BenchPage, url: string, other: BenchPage): Promise<number> {
  await other.page.goto('about:blank');
  await bench.page.goto('about:blank');
  await bench.page.goto(url);
  const times = await firstControlAt(bench.page);
  const workerStart = await bench.page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart);
  if (!(workerStart > 0)) throw new Error(`${url} was not served by the service worker offline`);
  return times.paintedAt;
}

export async function measureOfflineStart(context: BenchContext): Promise<Row[]> {
  const app = await openPage(context.browser, { throttled: false });
  const floor = await openPage(context.browser, { throttled: false });
  try {
    // The one online visit.
    await app.page.goto(context.app.url);
    await createProfile(app.page);
    await controlled(app.page);
    await floor.page.goto(context.floor.url);
    await controlled(floor.page);
    await app.context.setOffline(true);
    await floor.context.setOffline(true);
    await app.throttle(true);
    await floor.throttle(true);

    const times = await alternate(context.runs, (target) =>
      target === 'app' ? startOffline(app, context.app.url, floor) : startOffline(floor, context.floor.url, app),
    );
    context.log(`  offline start runs (ms): app ${times.app.map((ms) => ms.toFixed(0)).join(', ')}; floor ${times.floor.map((ms) => ms.toFixed(0)).join(', ')}`);
    const plain: number[] = [];
    for (let run = 0; run < context.runs; run++) plain.push(await startOffline(app, `${context.app.url}/floor.html`, floor));

    const appMs = median(times.app);
    const floorMs = median(times.floor);
    return [
      {
        key: 'offline-start',
        label: 'Offline start: first screen interactive (lock screen)',
        unit: 'ms',
        app: appMs,
        floor: floorMs,
        floorIs: 'React floor, its own generated service worker',
        goal: { text: '≤ 2× floor', met: appMs <= 2 * floorMs },
      },
      {
        key: 'offline-start.plain-html',
        label: 'Offline start, against plain HTML',
        unit: 'ms',
        app: appMs,
        floor: median(plain),
        floorIs: 'public/floor.html (no React), app worker',
      },
    ];
  } finally {
    await app.close();
    await floor.close();
  }
}
