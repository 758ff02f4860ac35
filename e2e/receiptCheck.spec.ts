// Checking a receipt (issue 16): the receipt's QR code holds the agency's
// signed acknowledgement; the app's "Check a receipt" screen, open on a locked
// tablet, and `npm run agency -- verify` both say whether it proves receipt.
// Codes come from the real receiver's acknowledgement, read back from the
// receipt's PDF as the browser prints it; forged ones are edited by hand.
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { qrTextFromPdf } from '../agency/receiptQr';
import { pngOfQrCode } from '../agency/testing/qrFiles';
import { agencySignerFromPkcs8 } from '../server/agencySigner';
import { SIGNED_TYPES } from '../src/contract/agencySignature';
import { shortFingerprint } from '../src/contract/contentHash';
import { formatReference } from '../src/contract/referenceCode';
import { TEST_AGENCY_NAME, TEST_SIGNING_KEYS, TEST_SIGNING_PRIVATE_PKCS8 } from '../src/contract/testing/agencySigningTestKey';
import { editSignedPayload } from '../src/contract/testing/editedReceipt';
import { testAcknowledgement } from '../src/contract/testing/testAcknowledgement';
import { CHROMIUM_ARGS, findChromium } from './browser';
import { expect, test } from './deployment';
import { writeQrVideo } from './fakeCamera';
import { caseDetails, fileCaseReport, formatInPage, printedPdf, printedText, storedOutboxItem } from './receiptHelpers';
import { outboxEntry, sendReportsTo, test as withReceiver } from './receiver';
import { LABEL, visit } from './session';

const WORDS = {
  en: { title: 'Check a receipt', code: 'The receipt\u2019s code', check: 'Check', result: 'Result of the check', camera: 'Scan with the camera', picture: 'A photo or picture of the receipt' },
  zh: { title: '核验回执', code: '回执上的编码', check: '核验', result: '核验结果', camera: '用摄像头扫描', picture: '回执的照片或图片' },
};
type Lang = keyof typeof WORDS;

/** A reference code with its check character changed, as someone might type it. */
const mistyped = (reference: string) => reference.slice(0, -1) + (reference.endsWith('0') ? '1' : '0');

const signedCode = async (payload: object = testAcknowledgement()) =>
  (await agencySignerFromPkcs8(TEST_SIGNING_PRIVATE_PKCS8)).sign(SIGNED_TYPES.acknowledgement, payload);

/** Pastes a code on the check screen, checks it, and returns the verdict's region. */
async function checkCode(page: Page, code: string, lang: Lang = 'en') {
  await page.getByLabel(WORDS[lang].code).fill(code);
  await page.getByRole('button', { name: WORDS[lang].check, exact: true }).click();
  const result = page.getByRole('region', { name: WORDS[lang].result });
  await expect(result).toBeVisible();
  await expect(result).toBeFocused();
  return result;
}

async function expectNoAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), where).toEqual([]);
}

/** `npm run agency -- verify …` as a child process: its exit code and what it printed. */
async function agencyVerify(...argv: string[]): Promise<{ code: number; output: string }> {
  const keys = path.join(mkdtempSync(path.join(tmpdir(), 'shouhu-verify-keys-')), 'config.json');
  writeFileSync(keys, JSON.stringify({ agencySigningKeys: TEST_SIGNING_KEYS }));
  return promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['agency/main.ts', 'verify', ...argv, '--keys', keys]).then(
    ({ stdout }) => ({ code: 0, output: stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
  );
}

const writeTemporary = (name: string, bytes: Uint8Array | Buffer): string => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'shouhu-receipt-')), name);
  writeFileSync(file, bytes);
  return file;
};

test('the check screen works on a locked tablet, reached from the lock screen, and shows nothing of the tablet', async ({ page }) => {
  await visit(page, '/?lang=en');
  const details = caseDetails('Locked');
  const { reference } = await fileCaseReport(page, details);
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('link', { name: 'Check a receipt' }).click();
  await expect(page.getByRole('heading', { name: 'Check a receipt' })).toBeVisible();
  // Locked: no navigation into the app, and nothing of what the tablet holds.
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  for (const shown of [reference, details.reporter, details.unit, LABEL]) await expect(page.locator('main')).not.toContainText(shown);

  const acknowledgement = { ...testAcknowledgement(), receivedAt: '2026-11-30T08:05:00.000Z' };
  const result = await checkCode(page, await signedCode(acknowledgement));
  await expect(result).toContainText('Valid: received by the agency');
  await expect(result).toContainText(
    `Received by ${TEST_AGENCY_NAME} at ${await formatInPage(page, acknowledgement.receivedAt)}, reference ${formatReference(acknowledgement.reference)}, check code ${shortFingerprint(acknowledgement.contentHash)}.`,
  );
  await expect(result).toContainText(acknowledgement.receiptId);
  await page.getByRole('link', { name: 'Back to the lock screen' }).click();
  await expect(page.getByRole('heading', { name: 'The tablet is locked' })).toBeVisible();
});

for (const lang of ['en', 'zh'] as const) {
  test(`every verdict, in words, and the screen passes axe (${lang})`, async ({ page }) => {
    await page.goto(lang === 'en' ? '/check?lang=en' : '/check');
    await expect(page.getByRole('heading', { name: WORDS[lang].title })).toBeVisible();
    await expectNoAxeViolations(page, 'empty');
    const en = lang === 'en';
    const jws = await signedCode();
    const cases: [string, string, string][] = [
      ['valid', jws, en ? 'Valid: received by the agency' : '有效：接收机关已收到'],
      ['edited time', editSignedPayload(jws, { receivedAt: '2026-11-29T08:00:00.000Z' }), en ? 'changed after it was signed' : '签名之后被改动过'],
      ['edited reference', editSignedPayload(jws, { reference: '5MF2X1S7C' }), en ? 'changed after it was signed' : '签名之后被改动过'],
      ['reference only', formatReference(testAcknowledgement().reference), en ? 'Filed on the device, not proven received' : '只证明已提交，不能证明已收到'],
      ['mistyped reference', mistyped(formatReference(testAcknowledgement().reference)), en ? 'one of its characters is wrong' : '其中有字符不对'],
      ['garbage', 'hello, this is no receipt', en ? 'This is not a Shouhu receipt code.' : '这不是守护回执的编码。'],
      ['a status, not a receipt', await (await agencySignerFromPkcs8(TEST_SIGNING_PRIVATE_PKCS8)).sign(SIGNED_TYPES.status, testAcknowledgement()), en ? 'not a receipt' : '不是回执'],
    ];
    for (const [name, code, words] of cases) {
      await expect(await checkCode(page, code, lang), name).toContainText(words);
      await expectNoAxeViolations(page, name);
    }
    // What was checked stays in the field, valid or not.
    await expect(page.getByLabel(WORDS[lang].code)).toHaveValue(cases.at(-1)?.[1] ?? '');
    await page.getByLabel(WORDS[lang].code).fill('');
    await page.getByRole('button', { name: WORDS[lang].check, exact: true }).click();
    await expect(page.locator('.field-error')).toHaveText(en ? 'Paste or type the code first.' : '请先粘贴或输入编码。');
    await expectNoAxeViolations(page, 'empty code');
  });
}

test('with no signing key pinned, the screen says the tablet does not know the agency key yet', async ({ page }) => {
  await page.route('**/config.json', (route) => route.fulfill({ json: { endpoint: 'http://127.0.0.1:9/api/reports' } }));
  await page.goto('/check?lang=en');
  const result = await checkCode(page, await signedCode());
  await expect(result).toContainText('Cannot be checked yet');
  await expect(result).toContainText('does not know the agency\u2019s signing key yet');
  // A reference code needs no key.
  await expect(await checkCode(page, formatReference(testAcknowledgement().reference))).toContainText('not proven received');
});

test('a camera that is refused or missing is said plainly, and pasting still works', async ({ page }) => {
  await page.addInitScript(() => {
    const refusal = sessionStorage.getItem('camera') ?? 'denied';
    if (refusal === 'missing') Object.defineProperty(navigator, 'mediaDevices', { value: undefined });
    else navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
  });
  await page.goto('/check?lang=en');
  await page.getByRole('button', { name: 'Scan with the camera' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Shouhu may not use the camera' })).toBeVisible();
  await expect(await checkCode(page, await signedCode())).toContainText('Valid');
  await page.evaluate(() => sessionStorage.setItem('camera', 'missing'));
  await page.reload();
  await page.getByRole('button', { name: 'Scan with the camera' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'This device has no camera Shouhu can use' })).toBeVisible();
  await expect(page.getByLabel('The receipt\u2019s code')).toBeEditable();
});

test('the camera reads a receipt held in front of it', async ({ app, forbidBuiltEndpoint }) => {
  const code = await signedCode();
  const video = writeQrVideo(path.join(mkdtempSync(path.join(tmpdir(), 'shouhu-camera-')), 'receipt.y4m'), code);
  const executablePath = findChromium();
  const browser = await chromium.launch({
    ...(executablePath ? { executablePath } : {}),
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const context = await browser.newContext({ baseURL: app.url, permissions: ['camera'] });
    forbidBuiltEndpoint(context);
    const page = await context.newPage();
    await page.goto('/check?lang=en');
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    const result = page.getByRole('region', { name: 'Result of the check' });
    await expect(result).toContainText('Valid: received by the agency', { timeout: 20_000 });
    await expect(page.getByLabel('The receipt\u2019s code')).toHaveValue(code);
    // The camera is off once a code is read.
    await expect(page.getByRole('button', { name: 'Scan with the camera' })).toBeVisible();
    expect(await page.evaluate(() => (document.querySelector('video') as HTMLVideoElement).srcObject)).toBeNull();
  } finally {
    await browser.close();
  }
});

test('a receipt printed before acknowledgement: its QR code holds the reference only, which proves the filing, not the receipt', async ({ page }) => {
  await visit(page, '/?lang=en');
  const { id, reference } = await fileCaseReport(page, caseDetails('Pending'));
  await visit(page, `/receipt/${id}?lang=en`);
  await expect(page.locator('.receipt')).toContainText('The QR code holds only the reference code');
  const pdfBytes = await printedPdf(page);
  expect(await qrTextFromPdf(pdfBytes)).toBe(reference);
  const pdf = writeTemporary('pending-receipt.pdf', pdfBytes);
  await page.getByRole('link', { name: 'Check a receipt' }).click();
  await expect(await checkCode(page, reference)).toContainText('Filed on the device, not proven received');
  const verified = await agencyVerify(pdf);
  expect(verified.code).toBe(1);
  expect(verified.output).toContain('Filed on the device, not proven received');
});

withReceiver.describe('with the real receiver', () => {
  withReceiver.use({ receiverOptions: { testHooks: false } });

  withReceiver('file, acknowledged: the printed receipt\u2019s QR code verifies in the app and with agency verify; edited by hand, it fails in both', async ({
    page,
    receiver,
  }) => {
    withReceiver.setTimeout(90_000);
    await sendReportsTo(page, receiver.endpoint);
    await visit(page, '/?lang=en');
    const { id, reference } = await fileCaseReport(page, caseDetails('Signed'));
    await page.getByRole('link', { name: 'Open the outbox' }).click();
    await expect(outboxEntry(page, reference)).toContainText('Received by the agency', { timeout: 30_000 });
    const stored = (await storedOutboxItem(page, id)) as { acknowledgement?: string; contentHash: string; receiptId: string; receivedAt: string };
    expect(stored.acknowledgement).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);

    // The receipt as printed: its QR code is the signed acknowledgement, as the receiver signed it.
    await visit(page, `/receipt/${id}?lang=en`);
    await expect(page.locator('svg.receipt-qr.signed')).toBeVisible();
    await expect(page.locator('.receipt')).toContainText('Anyone can check it');
    const pdfBytes = await printedPdf(page);
    const code = await qrTextFromPdf(pdfBytes);
    expect(code).toBe(stored.acknowledgement);
    // The larger code leaves the receipt on one sheet: A4 in one language and in two, A5 in one (bilingual A5 takes two, as before).
    expect((await printedText(page, 'A4')).pages).toBe(1);
    expect((await printedText(page, 'A5')).pages).toBe(1);
    expect(await qrTextFromPdf(await printedPdf(page, 'A5'))).toBe(code);
    await page.getByRole('checkbox', { name: 'Print in Chinese and English' }).check();
    await expect(page.locator('.receipt')).toContainText('强制报告回执');
    expect((await printedText(page, 'A4')).pages).toBe(1);
    await page.getByRole('checkbox', { name: 'Print in Chinese and English' }).uncheck();
    const pdf = writeTemporary('receipt.pdf', pdfBytes);
    const picture = writeTemporary('receipt.png', await page.locator('svg.receipt-qr').screenshot());

    // In the app: pasted, and as a picture.
    await page.getByRole('link', { name: 'Check a receipt' }).click();
    const expected = `Received by ${TEST_AGENCY_NAME} at ${await formatInPage(page, stored.receivedAt)}, reference ${reference}, check code ${shortFingerprint(stored.contentHash)}.`;
    const pasted = await checkCode(page, code ?? '');
    await expect(pasted).toContainText('Valid: received by the agency');
    await expect(pasted).toContainText(expected);
    await expect(pasted).toContainText(stored.receiptId);
    await page.getByLabel('The receipt\u2019s code').fill('');
    await page.getByLabel('A photo or picture of the receipt').setInputFiles(picture);
    await expect(page.getByRole('region', { name: 'Result of the check' })).toContainText(expected);
    await expect(page.getByLabel('The receipt\u2019s code')).toHaveValue(code ?? '');

    // With the agency's tool: the PDF and the picture.
    for (const file of [pdf, picture]) {
      const verified = await agencyVerify(file);
      expect(verified.code, file).toBe(0);
      expect(verified.output).toContain('有效：接收机关已收到');
      expect(verified.output).toContain(`reference ${reference}`);
    }

    // Edited by hand: an earlier time, another reference. Not valid in the app, nor with the tool (code and picture).
    for (const changes of [{ receivedAt: '2026-01-01T00:00:00.000Z' }, { reference: '5MF2X1S7C' }]) {
      const forged = editSignedPayload(code ?? '', changes);
      await expect(await checkCode(page, forged)).toContainText('the receipt was changed after it was signed');
      const forgedPicture = writeTemporary('forged.png', pngOfQrCode(forged));
      await page.getByLabel('A photo or picture of the receipt').setInputFiles(forgedPicture);
      await expect(page.getByLabel('The receipt\u2019s code')).toHaveValue(forged);
      await expect(page.getByRole('region', { name: 'Result of the check' })).toContainText('Not valid');
      for (const argument of [forged, forgedPicture]) {
        const verified = await agencyVerify(argument);
        expect(verified.code).toBe(1);
        expect(verified.output).toContain('Not valid');
      }
    }
  });
});
