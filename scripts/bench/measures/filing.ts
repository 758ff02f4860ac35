// Filing: from the Submit click to the report in the outbox (the app's own
// performance.measure('shouhu:file-report'): checking, hashing, sealing and the
// transaction), and from the click to the painted confirmation heading.
// Floor: a button that puts one record into IndexedDB and then shows a heading.
import { openPage, type WithProbes } from '../benchBrowser';
import { alternate, type BenchContext } from '../context';
import { medians, type Row } from '../table';
import { completeToReview, createProfile, FILED, longNarrative, startReportToIncident, SUBMIT } from './appFlows';

interface Filing {
  /** Click to confirmation painted. */
  confirmed: number;
  /** Checking and storing, as the page measures it (performance.measure). */
  stored: number;
}

export async function measureFiling(context: BenchContext): Promise<Row[]> {
  const app = await openPage(context.browser, { throttled: false });
  const floor = await openPage(context.browser, { throttled: false });
  try {
    await app.page.goto(context.app.url);
    await createProfile(app.page);
    await app.page.evaluate(() => (globalThis as unknown as WithProbes).__bench.recordClicks());
    const narrative = longNarrative(2000);

    const fileOnce = async (target: 'app' | 'floor', run: number): Promise<Filing> => {
      if (target === 'app') {
        const { page } = app;
        await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '首页' }).click();
        await startReportToIncident(page, `filing${run}`);
        await completeToReview(page, narrative);
        await page.evaluate(() => performance.clearMeasures('shouhu:file-report'));
        await app.throttle(true);
        const confirmation = page.evaluate((text) => (globalThis as unknown as WithProbes).__bench.whenText('h2', text), FILED);
        await page.getByRole('button', { name: SUBMIT }).click();
        const { paintedAt } = await confirmation;
        const { clickAt, stored } = await page.evaluate(() => ({
          clickAt: (globalThis as unknown as WithProbes).__bench.clickAt(),
          stored: performance.getEntriesByName('shouhu:file-report')[0]?.duration,
        }));
        await app.throttle(false);
        if (clickAt === undefined || stored === undefined) throw new Error('The filing was not measured');
        return { confirmed: paintedAt - clickAt, stored };
      }
      const { page } = floor;
      await page.goto(`${context.floor.url}/?mode=file`);
      await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.recordClicks());
      await floor.throttle(true);
      const confirmation = page.evaluate((text) => (globalThis as unknown as WithProbes).__bench.whenText('h2', text), FILED);
      await page.getByRole('button', { name: SUBMIT }).click();
      const { paintedAt } = await confirmation;
      const { clickAt, stored } = await page.evaluate(() => ({
        clickAt: (globalThis as unknown as WithProbes).__bench.clickAt(),
        stored: performance.getEntriesByName('floor:file-report')[0]?.duration,
      }));
      await floor.throttle(false);
      if (clickAt === undefined || stored === undefined) throw new Error('The floor filing was not measured');
      return { confirmed: paintedAt - clickAt, stored };
    };

    const filings = await alternate(context.runs, fileOnce);
    return [
      {
        key: 'saving.file-report',
        label: 'Saving: Submit to report in outbox',
        unit: 'ms',
        ...medians(filings, (filing) => filing.stored),
        floorIs: 'one IndexedDB put',
      },
      {
        key: 'saving.confirmation',
        label: 'Saving: Submit click to confirmation painted',
        unit: 'ms',
        ...medians(filings, (filing) => filing.confirmed),
        floorIs: 'one IndexedDB put, then a heading',
      },
    ];
  } finally {
    await app.close();
    await floor.close();
  }
}
