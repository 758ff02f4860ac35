import { expect, test } from './deployment';
import { outboxEntry } from './receiver';
import { fileReport, fillReport, gotoStep, labels, openFold, sampleDetails, storedDrafts } from './reportForm';
import { enterApp, visit } from './session';

test('files a complete report in Chinese and finds it in the outbox', async ({ page }) => {
  await visit(page, '/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  const reference = await fileReport(page, 'zh', sampleDetails('甲'));
  await page.getByRole('link', { name: '查看发件箱' }).click();
  await expect(outboxEntry(page, reference)).toContainText(labels('zh').queued);
});

test('files a complete report in English and finds it in the outbox', async ({ page }) => {
  await visit(page, '/?lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const reference = await fileReport(page, 'en', sampleDetails('B'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Outbox/ }).click();
  await expect(outboxEntry(page, reference)).toContainText(labels('en').queued);
});

test('the language switch persists and changes the html lang', async ({ page }) => {
  await visit(page, '/');
  await page.getByRole('button', { name: '切换到英文' }).click();
  await expect(page.getByRole('button', { name: 'Start a new report' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await enterApp(page);
  await expect(page.getByRole('button', { name: 'Start a new report' })).toBeVisible();
  await page.getByRole('button', { name: 'Switch to Chinese' }).click();
  await expect(page.getByRole('button', { name: '开始新报告' })).toBeVisible();
});

test('a reload in the middle of a step restores every typed value and the step', async ({ page }) => {
  await visit(page, '/');
  const t = labels('zh');
  await page.getByRole('button', { name: t.start }).click();
  await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: t.no, exact: true }).check();
  await page.getByLabel(t.childName, { exact: true }).fill('小红');
  await page.getByLabel(t.whereNow).fill('村委会办公室');
  await page.getByRole('checkbox', { name: t.circumstance }).check();
  await page.getByLabel(t.narrative).fill('邻居说孩子常被关在门外。');
  await page.getByRole('button', { name: t.next }).click();
  await openFold(page, t.childFold);
  await page.getByRole('radio', { name: '女' }).check();
  await page.getByLabel('大约年龄（周岁）').fill('9');
  await page.getByLabel('监护人（姓名、关系、联系方式）').fill('奶奶 张桂兰');
  const typedAt = new Date().toISOString();
  // Saved to IndexedDB, sealed, without any action from the user.
  await expect.poll(async () => ((await storedDrafts(page))[0]?.updatedAt ?? '') > typedAt).toBe(true);
  expect((await storedDrafts(page))[0]?.sealed).toBe(true);

  await page.reload();
  await enterApp(page);
  await expect(page.getByRole('heading', { name: '补充信息', level: 2 })).toBeVisible();
  // The fold with answers in it opens by itself.
  await expect(page.getByRole('radio', { name: '女' })).toBeChecked();
  await expect(page.getByLabel('大约年龄（周岁）')).toHaveValue('9');
  await expect(page.getByLabel('监护人（姓名、关系、联系方式）')).toHaveValue('奶奶 张桂兰');
  await page.getByRole('button', { name: t.back }).click();
  await expect(page.getByLabel(t.whereNow)).toHaveValue('村委会办公室');
  await expect(page.getByRole('group', { name: t.danger }).getByRole('radio', { name: t.no, exact: true })).toBeChecked();

  // Closing the tab and opening the app again offers to resume.
  const again = await page.context().newPage();
  await page.close();
  await visit(again, '/');
  await expect(again.getByRole('heading', { name: '未完成的报告' })).toBeVisible();
  await again.getByRole('button', { name: /^继续填写/ }).first().click();
  await expect(again.getByLabel(t.whereNow)).toHaveValue('村委会办公室');
});

test('a failed step shows translated errors and moves focus to the first invalid field', async ({ page }) => {
  await visit(page, '/?lang=en');
  await page.getByRole('button', { name: 'Start a new report' }).click();
  await page.getByLabel('Where is the child now?').fill('At the clinic');
  await page.getByRole('button', { name: 'Next' }).click();
  // Nothing is assumed about danger: it must be answered, and it is the first problem.
  const danger = page.getByRole('group', { name: /immediate danger/ });
  await expect(danger.getByRole('radio').first()).toBeFocused();
  await expect(danger).toHaveAccessibleDescription(/Choose whether the child is in immediate danger now/);
  await expect(page.getByRole('alert').filter({ hasText: /fields on this step need changes/ })).toBeVisible();
  // Nothing typed is lost.
  await expect(page.getByLabel('Where is the child now?')).toHaveValue('At the clinic');
  await expect(page.getByRole('heading', { name: 'What happened', level: 2 })).toBeVisible();
});

test('the reporter fold opens on an error and focuses it, keeping what was typed', async ({ page }) => {
  await visit(page, '/?lang=en');
  await fillReport(page, 'en', sampleDetails('E'));
  await page.getByRole('link', { name: /^Go back to step 2/ }).click();
  // The profile filled the reporter in: clear the name, spoil the phone.
  await openFold(page, labels('en').reporterFold);
  await page.getByLabel('Your name').fill('');
  await page.getByLabel('Phone number').fill('not a phone');
  await page.locator('details.fold').filter({ hasText: 'Reporter (you)' }).locator('summary').click();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByLabel('Your name')).toBeFocused();
  await expect(page.getByLabel('Your name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Your name')).toHaveAccessibleDescription(/This is required/);
  // The hint and the limit stay read with the error, in that order.
  await expect(page.getByLabel('Phone number')).toHaveAccessibleDescription(/^The police can reach you on this number\. Up to 25 characters Enter a valid phone number/);
  await expect(page.getByLabel('Phone number')).toHaveValue('not a phone');
});

test('immediate danger shows the call-110 notice at once, and filing goes on without dismissing it', async ({ page }) => {
  await visit(page, '/');
  const t = labels('zh');
  await page.getByRole('button', { name: t.start }).click();
  await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: t.yes, exact: true }).check();
  const notice = page.getByRole('alert').filter({ hasText: '请立即拨打电话求助' });
  await expect(notice).toBeVisible();
  await expect(notice.getByRole('link', { name: '拨打 110 报警' })).toHaveAttribute('href', 'tel:110');
  await expect(notice.getByRole('link', { name: '拨打 120 急救' })).toHaveAttribute('href', 'tel:120');
  await page.getByLabel(t.narrative).fill('孩子说继父昨晚打了他。');
  await expect(page.getByLabel(t.narrative)).toHaveValue('孩子说继父昨晚打了他。');
  // "Don't know" is an answer too, and the notice goes.
  await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: '不清楚' }).check();
  await expect(notice).toHaveCount(0);
});

test('markup typed into a field is shown as text, and a megabyte paste is cut to the limit', async ({ page }) => {
  await visit(page, '/');
  const t = labels('zh');
  const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  await fillReport(page, 'zh', { ...sampleDetails('X'), child: payload.slice(0, 50), unit: payload });
  await page.getByRole('link', { name: /^回到第 1 步/ }).click();
  const huge = '很'.repeat(1024 * 1024);
  await page.getByLabel(t.narrative).focus();
  await page.evaluate((value) => navigator.clipboard?.writeText(value).catch(() => undefined), huge);
  await page.getByLabel(t.narrative).fill(huge);
  const length = await page.getByLabel(t.narrative).evaluate((el) => (el as HTMLTextAreaElement).value.length);
  expect(length).toBe(10000);
  await expect(page.getByText('10000/10000')).toBeVisible();
  await page.getByRole('button', { name: t.next }).click(); // the page still answers
  await gotoStep(page, 3);
  await expect(page.getByText(payload)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
