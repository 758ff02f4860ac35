import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './deployment';
import { fileReport, gotoStep, labels, sampleDetails } from './reportForm';
import { visit } from './session';

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

async function expectNoViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, where).toEqual([]);
}

for (const lang of ['zh', 'en'] as const) {
  test(`every step and screen passes the axe WCAG 2.1 A/AA scan (${lang})`, async ({ page }) => {
    const t = labels(lang);
    await visit(page, lang === 'en' ? '/?lang=en' : '/');
    await expectNoViolations(page, 'home');
    await page.getByRole('button', { name: t.start }).click();
    // Each step as first shown, and with its errors after a failed "Next".
    await expect(page.locator('.step')).toBeVisible();
    await expectNoViolations(page, 'step 1');
    await page.getByRole('button', { name: t.next }).click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await expectNoViolations(page, 'step 1 with errors');
    // The danger notice.
    await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: t.yes, exact: true }).check();
    await expect(page.locator('.danger-notice')).toBeVisible();
    await expectNoViolations(page, 'danger notice');

    await gotoStep(page, 2);
    await expect(page.locator('.step')).toBeVisible();
    await expectNoViolations(page, 'step 2, folds closed');
    for (const summary of await page.locator('details.fold > summary').all()) await summary.click();
    await page.getByLabel(t.reporterName).fill(''); // the profile filled the rest in
    await page.getByRole('button', { name: t.next }).click();
    await expect(page.locator('[aria-invalid="true"]').first()).toBeVisible();
    await expectNoViolations(page, 'step 2, folds open, with errors');

    // The review: the 110 prompt (danger, no police called), and the summary of what is missing.
    await gotoStep(page, 3);
    await expect(page.locator('.review')).toBeVisible();
    await expectNoViolations(page, 'review');
    await page.getByRole('button', { name: t.submit }).click();
    await expect(page.locator('.error-summary')).toBeVisible();
    await expectNoViolations(page, 'review with errors');
    // Changing one answer from the review.
    await page.locator('.review-change a').first().click();
    await expect(page.getByRole('button', { name: t.backToReview })).toBeVisible();
    await expectNoViolations(page, 'changing an answer');

    await visit(page, lang === 'en' ? '/?lang=en' : '/');
    await fileReport(page, lang, sampleDetails(lang));
    await expectNoViolations(page, 'confirmation');
    for (const path of ['/drafts', '/outbox', '/settings']) {
      await visit(page, lang === 'en' ? `${path}?lang=en` : path);
      await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
      await expectNoViolations(page, path);
    }
  });
}

test('is usable at 360 px wide without horizontal scrolling, with 44 px touch targets', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await visit(page, '/');
  await page.getByRole('button', { name: '开始新报告' }).click();
  for (let step = 1; step <= 3; step++) {
    await gotoStep(page, step);
    await expect(page.locator('.step')).toBeVisible();
    const closed = page.locator('details.fold:not([open]) > summary');
    while ((await closed.count()) > 0) await closed.first().click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `step ${step}`).toBeLessThanOrEqual(0);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, select, input:not([type=checkbox]):not([type=radio]), textarea, .choice, .app-nav a, .step-progress a, .fold > summary')]
        .map((el) => el.getBoundingClientRect())
        .filter((box) => box.width > 0 && box.height < 44).length,
    );
    expect(small, `step ${step}`).toBe(0);
  }
});
