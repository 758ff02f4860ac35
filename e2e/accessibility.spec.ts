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
    for (let step = 1; step <= 5; step++) {
      await gotoStep(page, step);
      await expect(page.locator('.step')).toBeVisible();
      await expectNoViolations(page, `step ${step}`);
      if (step === 4) continue; // nothing on the suspect and actions step is required
      if (step === 1) await page.getByLabel(t.reporterName).fill(''); // the profile filled the rest in
      await page.locator('form button[type=submit]').click();
      await expect(page.locator('[aria-invalid="true"], .error-summary').first()).toBeVisible();
      await expectNoViolations(page, `step ${step} with errors`);
    }
    // The danger notice.
    await gotoStep(page, 3);
    await page.getByRole('group', { name: lang === 'en' ? /immediate danger/ : /紧急危险/ }).getByRole('radio').first().check();
    await expect(page.locator('.danger-notice')).toBeVisible();
    await expectNoViolations(page, 'danger notice');

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
  for (let step = 1; step <= 5; step++) {
    await gotoStep(page, step);
    await expect(page.locator('.step')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `step ${step}`).toBeLessThanOrEqual(0);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, select, input:not([type=checkbox]):not([type=radio]), textarea, .choice, .app-nav a')]
        .map((el) => el.getBoundingClientRect())
        .filter((box) => box.width > 0 && box.height < 44).length,
    );
    expect(small, `step ${step}`).toBe(0);
  }
});
