import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { decodeQrPath } from '../src/features/receipt/testing/qrTestDecoder';
import {
  caseDetails,
  fileCaseReport,
  forbiddenOnReceipt,
  formatInPage,
  printedText,
  squash,
  storedOutboxItem,
  storedPrintCount,
} from './receiptHelpers';
import { expect, test } from './deployment';
import { outboxEntry, sendReportsTo, test as withReceiver } from './receiver';
import { enterApp, visit } from './session';

const NOT_RECEIVED = 'Recorded on this device — NOT yet received by the agency';

async function openReceipt(page: Page, id: string): Promise<void> {
  await visit(page, `/receipt/${id}?lang=en`);
  await expect(page.getByRole('heading', { name: 'Receipt for a mandatory report' })).toBeVisible();
}

/** Every forbidden string that does appear in `text`. */
const leaked = (text: string, forbidden: string[]) =>
  forbidden.filter((value) => squash(text).toLowerCase().includes(squash(value).toLowerCase()));

test('the printed receipt proves the filing and discloses nothing about the case', async ({ page }) => {
  const details = caseDetails('A');
  await visit(page, '/?lang=en');
  const { id, reference } = await fileCaseReport(page, details);

  // The case details are stored on the tablet, but only sealed: nothing of them in clear.
  const stored = JSON.stringify(await storedOutboxItem(page, id));
  expect(stored).toContain('sealedForAgency');
  for (const value of [details.child, details.address, details.school, details.narrative, details.suspect]) {
    expect(stored).not.toContain(value);
  }
  const submittedAt = (await storedOutboxItem(page, id))?.submittedAt as string;

  await openReceipt(page, id);
  await expect(page.locator('.receipt')).toContainText(NOT_RECEIVED);

  // Neither the screen nor its markup holds any case detail.
  const html = await page.content();
  expect(leaked(html, forbiddenOnReceipt(details))).toEqual([]);

  // The QR code, as drawn, reads back as the reference code and nothing else.
  const qr = page.locator('svg.receipt-qr');
  const side = Number((await qr.getAttribute('viewBox'))?.split(' ')[2]);
  expect(decodeQrPath((await qr.locator('path').getAttribute('d')) ?? '', side)).toBe(reference);

  const { text, pages } = await printedText(page);
  expect(pages).toBe(1);
  const expected = [
    'Receipt for a mandatory report',
    'Minors Protection Law, Art. 11',
    reference,
    details.reporter,
    details.unit,
    await formatInPage(page, details.discoveredAt),
    await formatInPage(page, submittedAt),
    await formatInPage(page, details.policeNotifiedAt),
    details.policeIncidentNumber,
    NOT_RECEIVED,
    'call 110',
    'Printed',
  ];
  for (const value of expected) expect(squash(text), value).toContain(squash(value));
  expect(leaked(text, forbiddenOnReceipt(details))).toEqual([]);
  // No navigation, header or buttons on paper.
  for (const value of ['Print receipt', 'Back to the outbox', 'Settings', 'Drafts']) {
    expect(text).not.toContain(value);
  }
});

test('a second print says it is a reprint, and the count survives a reload', async ({ page }) => {
  await visit(page, '/?lang=en');
  const { id } = await fileCaseReport(page, caseDetails('B'));
  await openReceipt(page, id);
  const footer = page.locator('.receipt-footer');
  await expect(footer).toContainText('Printed');
  await expect(footer).not.toContainText('Reprint');

  const first = await printedText(page);
  expect(first.text).not.toContain('Reprint');
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await expect(footer).toContainText('Reprint (copy 2)');

  await page.reload();
  await enterApp(page);
  await expect(page.locator('.receipt-footer')).toContainText('Reprint (copy 2)');
  const second = await printedText(page);
  expect(second.text).toContain('Reprint (copy 2)');
  expect(await storedPrintCount(page, id)).toBe(2);

  // The Print button and the browser's own print event count as one print.
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.getByRole('button', { name: 'Print receipt' }).click();
  await expect.poll(() => storedPrintCount(page, id)).toBe(3);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.waitForTimeout(300);
  expect(await storedPrintCount(page, id)).toBe(3);
});

test('a bilingual receipt shows both languages, and the choice is remembered', async ({ page }) => {
  await visit(page, '/?lang=en');
  const { id } = await fileCaseReport(page, caseDetails('C'));
  await openReceipt(page, id);
  await page.getByRole('checkbox', { name: 'Print in Chinese and English' }).check();
  const receipt = page.locator('.receipt');
  await expect(receipt).toContainText('强制报告回执');
  await expect(receipt).toContainText('接收机关尚未收到');
  await expect(receipt).toContainText(NOT_RECEIVED);
  expect(await page.evaluate(() => localStorage.getItem('shouhu.receiptBilingual'))).toBe('true');
  await page.reload();
  await enterApp(page);
  await expect(page.locator('.receipt')).toContainText('强制报告回执');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('an unknown report id shows a message, not a receipt', async ({ page }) => {
  await visit(page, '/receipt/00000000-0000-4000-8000-000000000000?lang=en');
  await expect(page.getByRole('alert')).toContainText('This tablet holds no report with this id');
  await expect(page.getByRole('link', { name: 'Back to the outbox' })).toBeVisible();
});

withReceiver.describe('with the real receiver', () => {
  // Only the public API: the receipt must not depend on test hooks.
  withReceiver.use({ receiverOptions: { testHooks: false } });

  withReceiver('after the agency acknowledges the report, the receipt says so with its receipt number', async ({
    page,
    receiver,
  }) => {
    await sendReportsTo(page, receiver.endpoint);
    await visit(page, '/?lang=en');
    const details = caseDetails('D');
    const { id, reference } = await fileCaseReport(page, details);
    await page.getByRole('link', { name: 'Open the outbox' }).click();
    await expect(outboxEntry(page, reference)).toContainText('Received by the agency', { timeout: 30_000 });

    const { receiptId, receivedAt } = await receiver.stored(id);
    expect(receiptId).toBeTruthy();

    await openReceipt(page, id);
    await expect(page.locator('.receipt-status')).toContainText('Received by the agency');
    const { text } = await printedText(page);
    expect(squash(text)).toContain(squash('Received by the agency'));
    expect(squash(text)).toContain(squash(receiptId));
    expect(squash(text)).toContain(squash(await formatInPage(page, receivedAt)));
    expect(text).not.toContain('NOT yet received');
    expect(leaked(text, forbiddenOnReceipt(details))).toEqual([]);
  });
});

test('the receipt names the agency, says which code to quote, has room to sign and stamp, and one date format per language', async ({ page }) => {
  // The deployment names its agency in config.json.
  await page.route('**/config.json', (route) =>
    route.fulfill({ json: { endpoint: 'http://127.0.0.1:9/api/reports', agencyName: { 'zh-CN': '青山县公安局', en: 'Qingshan County Public Security Bureau' } } }),
  );
  await visit(page, '/?lang=en');
  const { id } = await fileCaseReport(page, caseDetails('Doc'));
  await openReceipt(page, id);
  const receipt = page.locator('.receipt');
  await expect(receipt).toContainText('Receiving agency');
  await expect(receipt).toContainText('Qingshan County Public Security Bureau');
  await expect(receipt).toContainText('Quote this reference code when you ask about this report.');
  await expect(receipt).toContainText('Reporter\u2019s signature');
  await expect(receipt).toContainText('Unit\u2019s stamp');

  // Bilingual: seen on the screen before printing, each date in its own language's format.
  await page.getByRole('checkbox', { name: /both languages|Chinese and English|bilingual/i }).check();
  await expect(page.getByText('Below is what will print: English and Chinese.')).toBeVisible();
  await expect(receipt).toContainText('青山县公安局');
  await expect(receipt).toContainText('报告人签字');
  const submitted = receipt.locator('.receipt-fact').filter({ hasText: 'Report filed on this device' });
  await expect(submitted).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/);
  await expect(submitted).toContainText(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/);
  // No US month-first or 12-hour times anywhere on it.
  expect(await receipt.innerText()).not.toMatch(/\b(AM|PM)\b|[A-Z][a-z]{2} \d{1,2}, \d{4}/);
  const { pages } = await printedText(page);
  expect(pages).toBe(1);
});
