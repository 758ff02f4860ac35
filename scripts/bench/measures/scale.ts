// Scale: the outbox screen with N reports on the tablet (nearly all of them
// acknowledged long ago, their content erased as retention does; the newest
// few queued, with no endpoint set so that nothing is sent).
// Render: from the click on the Outbox link to the painted list (its first N
// entries, or all of them when the screen shows fewer). Scroll: from a jump to
// the bottom of the page to the next painted frame. Memory: the JS heap after
// a garbage collection, with the screen shown.
// Floor: a page that reads the newest 50 records of the same kind by an index
// and lists them.
import type { Page } from '@playwright/test';
import { openPage, type BenchPage, type WithProbes } from '../benchBrowser';
import { alternate, type BenchContext } from '../context';
import { sealedOutboxItems, toWire } from '../outboxFixtures';
import { medians, type Row } from '../table';
import { createProfile, OUTBOX, tabletProfile } from './appFlows';

const PUT_CHUNK = 500;
const RENDER_GOAL_MS = 200;
const QUEUED = 20;
const MB = 1024 * 1024;

async function fill(page: Page, database: string, records: unknown[]): Promise<void> {
  for (let start = 0; start < records.length; start += PUT_CHUNK) {
    const chunk = toWire(records.slice(start, start + PUT_CHUNK)) as unknown[];
    await page.evaluate(([name, list]) => (globalThis as unknown as WithProbes).__bench.idbPutAll(name, 'outbox', list), [database, chunk] as const);
  }
}

async function heapUsed(bench: BenchPage): Promise<number> {
  await bench.cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await bench.cdp.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? Number.NaN) / MB;
}

interface ScaleRun {
  render: number;
  scroll: number;
  heap: number;
  /** Entries the screen shows. */
  shown: number;
}

async function scrollToEnd(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const probes = (globalThis as unknown as WithProbes).__bench;
    const started = performance.now();
    window.scrollTo(0, document.documentElement.scrollHeight);
    return (await probes.nextPaint()) - started;
  });
}

export async function measureScale(context: BenchContext): Promise<Row[]> {
  const app = await openPage(context.browser, { throttled: false });
  const floor = await openPage(context.browser, { throttled: false });
  try {
    await app.page.goto(context.app.url);
    await createProfile(app.page);
    const keys = await tabletProfile(app.page);
    const items = await sealedOutboxItems({
      count: context.scaleReports,
      ...keys,
      statusOf: (index) => (index < QUEUED ? 'queued' : 'acknowledged'),
    });
    await fill(app.page, 'shouhu', items);
    await floor.page.goto(`${context.floor.url}/?mode=list`);
    await floor.page.waitForFunction(() => document.documentElement.dataset.databaseReady === 'true');
    await fill(floor.page, 'floor', items);
    await app.page.evaluate(() => (globalThis as unknown as WithProbes).__bench.recordClicks());
    await floor.page.evaluate(() => (globalThis as unknown as WithProbes).__bench.recordClicks());
    await app.cdp.send('Performance.enable');
    await floor.cdp.send('Performance.enable');
    const nav = app.page.getByRole('navigation', { name: '主导航' });
    // Once before the runs: the screen's code is loaded, as after any first visit.
    await nav.getByRole('link', { name: OUTBOX }).click();
    await app.page.locator('.outbox-list li').first().waitFor();

    const runs = await alternate(context.runs, async (target): Promise<ScaleRun> => {
      const bench = target === 'app' ? app : floor;
      const { page } = bench;
      if (target === 'app') {
        await nav.getByRole('link', { name: '首页' }).click();
        await page.getByRole('heading', { level: 2 }).first().waitFor();
      } else {
        await page.reload();
        await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.recordClicks());
      }
      await bench.throttle(true);
      const expected = Math.min(50, context.scaleReports);
      const entries = target === 'app' ? 'ul.outbox-list > li' : 'main ul > li';
      const listed = page.evaluate(([selector, count]) => (globalThis as unknown as WithProbes).__bench.whenCount(selector, count), [entries, expected] as const);
      if (target === 'app') await nav.getByRole('link', { name: OUTBOX }).click();
      else await page.getByRole('button', { name: OUTBOX }).click();
      const { paintedAt } = await listed;
      const clickAt = await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.clickAt());
      if (clickAt === undefined) throw new Error('The click was not seen');
      const scroll = await scrollToEnd(page);
      await bench.throttle(false);
      const shown = await page.locator(entries).count();
      return { render: paintedAt - clickAt, scroll, heap: await heapUsed(bench), shown };
    });

    const render = medians(runs, (run) => run.render);
    const shown = runs.app[0]?.shown ?? 0;
    const label = `${context.scaleReports} reports (${shown} shown)`;
    return [
      {
        key: 'scale.render',
        label: `Scale: outbox screen rendered, ${label}`,
        unit: 'ms',
        ...render,
        floorIs: 'newest 50 by an index, plain list',
        goal: { text: `< ${RENDER_GOAL_MS} ms`, met: render.app < RENDER_GOAL_MS },
      },
      {
        key: 'scale.scroll',
        label: 'Scale: jump to the end of the screen, painted',
        unit: 'ms',
        ...medians(runs, (run) => run.scroll),
        floorIs: 'the same plain list',
      },
      {
        key: 'scale.heap',
        label: 'Scale: JS heap used with the screen shown',
        unit: 'MB',
        ...medians(runs, (run) => run.heap),
        floorIs: 'the same plain list',
      },
    ];
  } finally {
    await app.close();
    await floor.close();
  }
}
