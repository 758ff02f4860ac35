// Moving through the report form (issue 14): questions shown only when they
// apply and their hidden answers never sent; the discovery time starting as
// now; Change on the review and straight back; the step indicator; the
// Back/Next bar always in reach; the review without empty answers; the 110
// prompt when the child is in danger and no police were called.
import { openAsTestAgency } from '../src/contract/testing/agencyTestKey';
import { expect, test } from './receiver';
import { outboxEntry, sendReportsTo } from './receiver';
import { fillReport, labels, openFold, sampleDetails } from './reportForm';
import { visit } from './session';

const t = labels('en');

test('follow-up questions come and go with their answers, and hidden answers are not sent', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  await visit(page, '/?lang=en');
  await page.getByRole('button', { name: t.start }).click();
  await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: t.no, exact: true }).check();
  await page.getByRole('checkbox', { name: 'The police have been called' }).check();
  await page.getByLabel(t.childName).fill('Test Child');
  await page.getByLabel(t.whereNow).fill('At school');
  await page.getByRole('checkbox', { name: t.circumstance }).check();
  await page.getByLabel(t.narrative).fill('Bruises on both arms.');
  await page.getByRole('button', { name: t.next }).click();

  // Police called: when, where and the incident number are asked.
  await openFold(page, /^Actions taken/);
  await page.getByLabel(/^Police station/).fill('Riverside station');
  // The suspect's name only once the suspect is known.
  await openFold(page, /^Suspect/);
  await expect(page.getByLabel(/^Suspect.s name/)).toHaveCount(0);
  await page.getByRole('group', { name: /know who the suspect is/ }).getByRole('radio', { name: t.yes, exact: true }).check();
  await page.getByLabel(/^Suspect.s name/).fill('Someone Known');
  await page.getByRole('group', { name: /know who the suspect is/ }).getByRole('radio', { name: t.no, exact: true }).check();
  await expect(page.getByLabel(/^Suspect.s name/)).toHaveCount(0);
  // Why no guardian was told only when none was.
  await expect(page.getByLabel(/^Why no guardian was told/)).toHaveCount(0);
  await page.getByRole('group', { name: /guardian been told/ }).getByRole('radio', { name: t.no, exact: true }).check();
  await expect(page.getByLabel(/^Why no guardian was told/)).toBeVisible();
  await page.getByRole('group', { name: /guardian been told/ }).getByRole('radio', { name: t.yes, exact: true }).check();

  // The police were not called after all: their details go.
  await page.getByRole('button', { name: t.back }).click();
  await page.getByRole('checkbox', { name: 'The police have been called' }).uncheck();
  await page.getByRole('button', { name: t.next }).click();
  await expect(page.getByLabel(/^Police station/)).toHaveCount(0);
  await page.getByRole('button', { name: t.next }).click();

  // The review agrees with what is asked...
  const review = page.locator('.review');
  await expect(review).not.toContainText('Riverside station');
  await expect(review).not.toContainText('Someone Known');
  await page.getByRole('button', { name: t.submit }).click();
  await expect(page.getByRole('heading', { name: t.filed })).toBeVisible();
  const id = /\/filed\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';

  // ...and so does what the agency receives.
  const reference = await page.locator('.reference-code').innerText();
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText('Received by the agency', { timeout: 20_000 });
  // The receiver holds it sealed; opened with the tests' agency key, as the agency opens it.
  const { sealedReport } = (await receiver.stored(id)) as { sealedReport?: string };
  const report = (await openAsTestAgency(sealedReport ?? '')).report as { actions: Record<string, unknown>; suspect: Record<string, unknown> };
  expect(report.actions.policeNotified).toBe(false);
  expect(report.actions).not.toHaveProperty('policeStation');
  expect(report.suspect).toEqual({ known: 'no' });
  expect(JSON.stringify(report)).not.toContain('Riverside station');
  expect(JSON.stringify(report)).not.toContain('Someone Known');
});

test('the discovery time starts as now and can be changed; danger starts unanswered and must be chosen', async ({ page }) => {
  await visit(page, '/?lang=en');
  const before = await page.evaluate(() => Date.now());
  await page.getByRole('button', { name: t.start }).click();
  const value = await page.getByLabel(t.discoveredAt).inputValue();
  const shown = await page.evaluate((local) => new Date(local).getTime(), value);
  // The input holds minutes: "now" is the minute the report was started.
  expect(Math.abs(shown - before)).toBeLessThan(120_000);
  await page.getByLabel(t.discoveredAt).fill('2026-01-02T08:15');
  await expect(page.getByLabel(t.discoveredAt)).toHaveValue('2026-01-02T08:15');

  const danger = page.getByRole('group', { name: t.danger });
  for (const radio of await danger.getByRole('radio').all()) await expect(radio).not.toBeChecked();
  await page.getByRole('button', { name: t.next }).click();
  await expect(danger).toHaveAccessibleDescription(/Choose whether the child is in immediate danger now/);
  await expect(page).toHaveURL(/\/step-1(\?|$)/);
});

test('Change on the review opens that question, and "Back to review" returns at once', async ({ page }) => {
  await visit(page, '/?lang=en');
  await fillReport(page, 'en', sampleDetails('C'));
  await page.getByRole('link', { name: 'Change Where is the child now?' }).click();
  await expect(page.getByLabel(t.whereNow)).toBeFocused();
  await expect(page.getByRole('button', { name: t.next })).toHaveCount(0);
  await page.getByLabel(t.whereNow).fill('At the village clinic');
  await page.getByRole('button', { name: t.backToReview }).click();
  await expect(page.getByRole('heading', { name: 'Check and submit', level: 2 })).toBeVisible();
  await expect(page.locator('.review')).toContainText('At the village clinic');

  // A question of the details step: its fold opens, the field has the focus.
  await page.getByRole('link', { name: 'Change Your name' }).click();
  await expect(page.getByLabel(t.reporterName)).toBeFocused();
  // A bad answer keeps the user there, with the error.
  await page.getByLabel(t.reporterName).fill('');
  await page.getByRole('button', { name: t.backToReview }).click();
  await expect(page.getByLabel(t.reporterName)).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel(t.reporterName).fill('Ms Wang');
  await page.getByRole('button', { name: t.backToReview }).click();
  await expect(page.locator('.review')).toContainText('Ms Wang');
});

test('the step indicator opens any step already visited, and only those', async ({ page }) => {
  await visit(page, '/?lang=en');
  await page.getByRole('button', { name: t.start }).click();
  const steps = page.getByRole('navigation', { name: 'Steps' });
  await expect(steps.getByRole('link')).toHaveCount(0);
  await fillReportFromStepOne(page);
  await expect(steps.getByRole('link')).toHaveCount(2);
  await steps.getByRole('link', { name: /^Go back to step 1/ }).click();
  await expect(page.getByRole('heading', { name: 'What happened', level: 2 })).toBeVisible();
  // Forward again without Next: the review was visited.
  await steps.getByRole('link', { name: /step 3/ }).click();
  await expect(page.getByRole('heading', { name: 'Check and submit', level: 2 })).toBeVisible();
});

async function fillReportFromStepOne(page: import('@playwright/test').Page) {
  await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: t.no, exact: true }).check();
  await page.getByLabel(t.childName).fill('Test Child');
  await page.getByLabel(t.whereNow).fill('At school');
  await page.getByRole('checkbox', { name: t.circumstance }).check();
  await page.getByLabel(t.narrative).fill('Bruises on both arms.');
  await page.getByRole('button', { name: t.next }).click();
  await page.getByRole('button', { name: t.next }).click();
  await expect(page.getByRole('heading', { name: 'Check and submit', level: 2 })).toBeVisible();
}

test('the review lists what was answered and leaves out empty optional questions', async ({ page }) => {
  await visit(page, '/?lang=en');
  await page.getByRole('button', { name: t.start }).click();
  await fillReportFromStepOne(page);
  const review = page.locator('.review');
  await expect(review.getByRole('term')).toContainText(['Is the child in immediate danger now?', t.whereNow, 'Your name']);
  for (const unanswered of ['Home address', 'Injuries seen', 'Medical care', 'Police station']) {
    await expect(review.getByRole('term').filter({ hasText: unanswered })).toHaveCount(0);
  }
  await expect(review).not.toContainText('Not given');
  await expect(review).toContainText('Optional questions you did not answer are not listed.');
});

test('danger with no police called raises the 110 prompt on the review, until the call is recorded', async ({ page }) => {
  await visit(page, '/?lang=en');
  await page.getByRole('button', { name: t.start }).click();
  await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: t.yes, exact: true }).check();
  await page.getByLabel(t.childName).fill('Test Child');
  await page.getByLabel(t.whereNow).fill('At school');
  await page.getByRole('checkbox', { name: t.circumstance }).check();
  await page.getByLabel(t.narrative).fill('Bruises on both arms.');
  await page.getByRole('button', { name: t.next }).click();
  await page.getByRole('button', { name: t.next }).click();
  const prompt = page.getByRole('alert').filter({ hasText: 'the police have not been called' });
  await expect(prompt).toBeVisible();
  await expect(prompt.getByRole('link', { name: 'Call 110 (police)' })).toHaveAttribute('href', 'tel:110');
  // Before Submit in the page's order.
  const promptTop = (await prompt.boundingBox())?.y ?? Infinity;
  const submitTop = (await page.getByRole('button', { name: t.submit }).boundingBox())?.y ?? 0;
  expect(promptTop).toBeLessThan(submitTop);
  await prompt.getByRole('button', { name: 'I have called the police' }).click();
  await expect(prompt).toHaveCount(0);
  await expect(page.locator('.review-row').filter({ hasText: 'The police have been called' })).toContainText('Yes');
});

for (const size of [
  { width: 768, height: 1024 },
  { width: 360, height: 740 },
]) {
  test(`Back, Next and Submit stay in the viewport on every step, clear of the focused field, at ${size.width}×${size.height}`, async ({ page }) => {
    await page.setViewportSize(size);
    await visit(page, '/?lang=en');
    await page.getByRole('button', { name: t.start }).click();
    const bar = page.locator('.form-bar');
    const inViewport = async () => {
      const box = await bar.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(size.height + 1);
    };
    const clearOfBar = async (name: string | RegExp) => {
      const field = page.getByLabel(name);
      await field.focus();
      const fieldBox = (await field.boundingBox())!;
      const barBox = (await bar.boundingBox())!;
      expect(fieldBox.y + fieldBox.height).toBeLessThanOrEqual(barBox.y);
    };
    // Step 1, at the top and with a field far down focused.
    await inViewport();
    await clearOfBar(t.narrative);
    await inViewport();
    await fillReportFromStepOneKeepingBar(page);
    // Step 2 with a fold open, then the review.
    await expect(page.getByRole('heading', { name: 'More details', level: 2 })).toBeVisible();
    await inViewport();
    await openFold(page, /^More about the child/);
    await clearOfBar(/^Language needs/);
    await inViewport();
    await page.getByRole('button', { name: t.next }).click();
    await expect(page.getByRole('heading', { name: 'Check and submit', level: 2 })).toBeVisible();
    await inViewport();
    await expect(page.getByRole('button', { name: t.submit })).toBeInViewport();
  });
}

async function fillReportFromStepOneKeepingBar(page: import('@playwright/test').Page) {
  await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: t.no, exact: true }).check();
  await page.getByLabel(t.childName).fill('Test Child');
  await page.getByLabel(t.whereNow).fill('At school');
  await page.getByRole('checkbox', { name: t.circumstance }).check();
  await page.getByLabel(t.narrative).fill('Bruises on both arms.');
  await expect(page.getByRole('button', { name: t.next })).toBeInViewport();
  await page.getByRole('button', { name: t.next }).click();
}
