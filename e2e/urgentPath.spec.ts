// The urgent report at 768×1024 (issue 14): prints taps, questions, screens and
// scrolls, and holds the path to at most 8 taps beyond typing, no button out of reach.
import { expect, test } from './deployment';
import { visit } from './session';
import { walkUrgentPath } from './urgentPath';

test('the minimal urgent report takes at most 8 taps beyond typing, no button needing a scroll, at 768×1024', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await visit(page, '/');
  const figures = await walkUrgentPath(page);
  console.log(
    [
      'Urgent report at 768×1024, from the unlocked home screen:',
      `  taps beyond typing: ${figures.taps} (out of reach until a scroll: ${figures.tapsNeedingScroll}, of them buttons: ${figures.buttonsNeedingScroll})`,
      `  native date-time pickers: ${figures.datePickers}`,
      `  fields typed into: ${figures.typed} (out of sight until a scroll: ${figures.typedNeedingScroll})`,
      `  questions shown: ${figures.questionsShown}`,
      `  screens: ${figures.screens}`,
      `  taps: ${figures.log.join(' → ')}`,
    ].join('\n'),
  );
  expect(figures.taps).toBeLessThanOrEqual(8);
  expect(figures.buttonsNeedingScroll).toBe(0);
  expect(figures.datePickers).toBe(0);
});
