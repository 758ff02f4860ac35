// The agency inbox (issue 17), served by the test's own receiver at /inbox:
// opened with the officer credential and the agency's key file, it lists
// what tablets sent (a child in danger first), reads a report in full, sets
// its status with a note the receiver signs, says clearly which input is
// wrong, forgets everything on Lock, and asks no other origin anything.
import type { Page, Request } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { verifyStatusChange } from '../src/contract/reportStatus';
import { formatReference } from '../src/contract/referenceCode';
import { TEST_AGENCY_PRIVATE_JWK } from '../src/contract/testing/agencyTestKey';
import { TEST_SIGNING_KEYS } from '../src/contract/testing/agencySigningTestKey';
import {
  AGENCY_PASSPHRASE,
  agencyKeyFilePath,
  cardOf,
  cards,
  expectNoAxeViolations,
  fillOpenForm,
  inboxWords,
  notAKeyFilePath,
  OFFICER_TOKEN,
  openInbox,
  otherAgencyKeyFilePath,
  reportWith,
  storeReports,
} from './inboxHelpers';
import { expect, test } from './receiver';

test.use({ receiverOptions: { officerToken: OFFICER_TOKEN } });

const DIST = path.resolve(import.meta.dirname, '../dist');

/** Every request the page makes, to check where it went and what it carried. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

test('an officer opens the inbox with the key, sees a child in danger first, reads a report and sets "accepted" with a note the receiver signs', async ({ page, receiver }) => {
  const words = inboxWords('en');
  const requests = recordRequests(page);
  const [older, inDanger, newest] = await storeReports(receiver, [reportWith('no', '张晓东'), reportWith('yes', '李小红'), reportWith('unknown', '王小明')]);
  await openInbox(page, receiver, 'en');

  await expect(page.locator('.list-count')).toHaveText('3 in all; these are 1–3, newest received first.');
  // Newest received first, with the child in immediate danger before them all.
  await expect(cards(page).locator('h3')).toHaveText([inDanger, newest, older].map((envelope) => formatReference(envelope.reference)));
  await expect(cardOf(page, inDanger.reference)).toContainText('Child in immediate danger');
  await expect(cardOf(page, newest.reference)).toContainText('4 Multiple injuries or abuse');
  await expect(cardOf(page, newest.reference)).toContainText('Reporting unit: Primary or secondary school');
  await expect(cardOf(page, newest.reference)).toContainText('Status: Received');

  await cardOf(page, newest.reference).getByRole('button', { name: words.read }).click();
  await expect(page.getByRole('heading', { level: 2 })).toHaveText(`Report ${formatReference(newest.reference)}`);
  await expect(page.locator('.review-row').filter({ hasText: 'Child’s name' })).toContainText('王小明');
  await expect(page.getByRole('radio')).toHaveCount(1);
  await page.getByRole('radio', { name: words.accepted }).check();
  await page.getByLabel(words.note).fill('已受理，民警会与您联系。');
  await expect(page.locator('.counter')).toContainText('12/500');
  await page.getByRole('button', { name: words.setStatus }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The status is now "Accepted".' })).toBeVisible();
  await expect(page.locator('.history li')).toHaveText([/Accepted\s*Note to the reporter: 已受理，民警会与您联系。/]);
  await expect(page.locator('.report-status')).toContainText('Status: Accepted');
  // Now only what may follow "accepted" is offered.
  await expect(page.locator('.set-status').getByRole('radio')).toHaveCount(4);
  for (const next of ['Case opened', 'Referred', 'Needs more information', 'Closed']) await expect(page.getByRole('radio', { name: next })).toBeVisible();
  await expect(page.getByLabel(words.note)).toHaveValue('');

  // Printed: the report and its history, without the controls.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.set-status')).toBeHidden();
  await expect(page.locator('.inbox-header')).toBeHidden();
  await expect(page.locator('.history')).toBeVisible();
  await expect(page.getByText("Confidential: holds a minor's personal information")).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // The list shows the new status; the filter "no reply yet" leaves it out.
  await page.getByRole('button', { name: words.back }).click();
  await expect(cardOf(page, newest.reference)).toContainText('Status: Accepted');
  await page.getByLabel('Only those with no reply yet').check();
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.locator('.list-count')).toHaveText('2 in all; these are 1–2, newest received first.');
  await expect(cardOf(page, newest.reference)).toHaveCount(0);
  await page.getByLabel('Only those with no reply yet').uncheck();
  await page.getByLabel('Status').selectOption({ label: 'Accepted' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(cards(page).locator('h3')).toHaveText([formatReference(newest.reference)]);

  // What the tablet will get: the change, signed by the agency, with the note.
  const answer = (await (await fetch(`${receiver.endpoint}/status?ids=${newest.id}`)).json()) as { statuses: { id: string; change: string }[] };
  const verified = await verifyStatusChange(answer.statuses[0]?.change ?? '', TEST_SIGNING_KEYS);
  expect(verified.ok && verified.statement).toMatchObject({ id: newest.id, status: 'accepted', note: '已受理，民警会与您联系。' });

  // The page asked its own origin only, and sent neither the key nor its passphrase anywhere.
  expect(requests.map((request) => new URL(request.url()).origin).filter((origin) => origin !== receiver.url)).toEqual([]);
  for (const request of requests) {
    const sent = `${request.url()} ${JSON.stringify(await request.allHeaders())} ${request.postData() ?? ''}`;
    expect(sent).not.toContain(AGENCY_PASSPHRASE);
    expect(sent).not.toContain(TEST_AGENCY_PRIVATE_JWK.d);
  }
});

test('a wrong passphrase, a file that is no key, another agency\'s key and a wrong credential each say so, and keep what was typed', async ({ page, receiver }) => {
  await storeReports(receiver, [reportWith('unknown')]);
  const alert = page.getByRole('alert');
  await page.goto(`${receiver.url}/inbox?lang=en`);
  await fillOpenForm(page, 'en', {});
  await expect(alert).toContainText("Choose the agency's private key file.");
  await expect(alert).toContainText('Enter the passphrase of the key file.');

  await fillOpenForm(page, 'en', { credential: OFFICER_TOKEN, keyFile: await agencyKeyFilePath(), passphrase: 'not the passphrase' });
  await expect(alert).toContainText('The passphrase does not open this key file');
  await expect(page.getByLabel('Passphrase of the key file')).toHaveValue('not the passphrase');
  await expect(page.getByLabel('Officer credential')).toHaveValue(OFFICER_TOKEN);

  await fillOpenForm(page, 'en', { keyFile: notAKeyFilePath(), passphrase: AGENCY_PASSPHRASE });
  await expect(alert).toContainText('This is not an agency key file.');

  await fillOpenForm(page, 'en', { keyFile: await otherAgencyKeyFilePath() });
  await expect(alert).toContainText(`This key opens none of the reports here: they are sealed to another agency key (key id ${TEST_AGENCY_PRIVATE_JWK.kid}).`);

  await fillOpenForm(page, 'en', { credential: 'the tablets token', keyFile: await agencyKeyFilePath() });
  await expect(alert).toContainText('The receiver does not accept this officer credential, or needs one (401).');
  await fillOpenForm(page, 'en', { credential: '' });
  await expect(alert).toContainText('The receiver does not accept this officer credential, or needs one (401).');

  await fillOpenForm(page, 'en', { credential: OFFICER_TOKEN });
  await expect(cards(page)).toHaveCount(1);
});

test('the Chinese page says a wrong passphrase in Chinese, and says when the receiver does not answer', async ({ page, receiver }) => {
  await page.goto(`${receiver.url}/inbox`);
  await fillOpenForm(page, 'zh', { credential: OFFICER_TOKEN, keyFile: await agencyKeyFilePath(), passphrase: '错误的密码' });
  await expect(page.getByRole('alert')).toContainText('密码不正确，打不开这个私钥文件');
  await receiver.stop();
  await fillOpenForm(page, 'zh', { passphrase: AGENCY_PASSPHRASE });
  await expect(page.getByRole('alert')).toContainText('接收端没有应答');
});

test('a status someone else set meanwhile asks for a reload, and keeps the note', async ({ page, receiver }) => {
  const words = inboxWords('zh');
  const [envelope] = await storeReports(receiver, [reportWith('no')]);
  await openInbox(page, receiver);
  await cards(page).first().getByRole('button', { name: words.read }).click();
  await page.getByRole('radio', { name: words.accepted }).check();
  await page.getByLabel(words.note).fill('请补充儿童现在的住址。');
  // Another officer accepts it first.
  const other = await fetch(`${receiver.url}/api/inbox/reports/${envelope.id}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OFFICER_TOKEN}` },
    body: JSON.stringify({ status: 'accepted' }),
  });
  expect(other.status).toBe(201);
  await page.getByRole('button', { name: words.setStatus }).click();
  await expect(page.getByRole('alert')).toContainText('这份报告的状态刚被其他人改过');
  await expect(page.getByLabel(words.note)).toHaveValue('请补充儿童现在的住址。');
  await page.getByRole('button', { name: words.reload }).click();
  await expect(page.locator('.report-status')).toContainText('状态：已受理');
  await expect(page.getByLabel(words.note)).toHaveValue('请补充儿童现在的住址。');
  // "Referred" asks where to.
  await page.getByRole('radio', { name: words.referred }).check();
  await page.getByRole('button', { name: words.setStatus }).click();
  await expect(page.getByText('请选择移送到哪个部门。')).toBeVisible();
  await page.getByRole('radio', { name: words.civilAffairs }).check();
  await page.getByRole('button', { name: words.setStatus }).click();
  await expect(page.locator('.history li')).toHaveText([/已受理/, /已移送（民政部门）\s*给报告人的说明：请补充儿童现在的住址。/]);
});

test('Lock forgets the key and every report, and nothing of them is kept in the browser', async ({ page, receiver }) => {
  const words = inboxWords('zh');
  await storeReports(receiver, [reportWith('yes', '欧阳晓澄')]);
  await openInbox(page, receiver);
  await cards(page).first().getByRole('button', { name: words.read }).click();
  await expect(page.getByText('欧阳晓澄')).toBeVisible();
  await page.getByRole('button', { name: words.lock }).click();
  await expect(page.getByRole('status').filter({ hasText: '已锁定' })).toBeVisible();
  await expect(page.locator('body')).not.toContainText('欧阳晓澄');
  await expect(page.getByLabel(words.passphrase)).toHaveValue('');
  const kept = await page.evaluate(async () => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    databases: (await indexedDB.databases()).map((database) => database.name),
    caches: await caches.keys(),
  }));
  expect(kept).toEqual({ local: [], session: [], databases: [], caches: [] });
  // Back in the browser's history: still locked, the report not shown.
  await page.goBack();
  await expect(page.getByLabel(words.passphrase)).toBeVisible();
});

test('the list goes by pages of 50, older and newer', async ({ page, receiver }) => {
  test.setTimeout(90_000);
  const words = inboxWords('en');
  const stored = await storeReports(receiver, Array.from({ length: 53 }, () => reportWith('no')));
  await openInbox(page, receiver, 'en');
  await expect(page.locator('.list-count')).toHaveText('53 in all; these are 1–50, newest received first.');
  await expect(cards(page)).toHaveCount(50);
  await expect(page.getByRole('button', { name: words.newer })).toHaveCount(0);
  await page.getByRole('button', { name: words.older }).click();
  await expect(page.locator('.list-count')).toHaveText('53 in all; these are 51–53, newest received first.');
  await expect(cards(page).locator('h3')).toHaveText(stored.slice(0, 3).reverse().map((envelope) => formatReference(envelope.reference)));
  await expect(page.getByRole('button', { name: words.older })).toHaveCount(0);
  await page.getByRole('button', { name: words.newer }).click();
  await expect(cards(page)).toHaveCount(50);
});

test('three days after it arrived with no reply, a report is marked; one answered is not', async ({ page, receiver }) => {
  const [waiting, answered] = await storeReports(receiver, [reportWith('no'), reportWith('no')]);
  const accepted = await fetch(`${receiver.url}/api/inbox/reports/${answered.id}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OFFICER_TOKEN}` },
    body: JSON.stringify({ status: 'accepted' }),
  });
  expect(accepted.status).toBe(201);
  await page.clock.install({ time: Date.now() + 3 * 24 * 3600_000 + 60_000 });
  await openInbox(page, receiver, 'en');
  await expect(cardOf(page, waiting.reference)).toContainText('No reply after 3 days');
  await expect(cardOf(page, answered.reference)).not.toContainText('No reply after 3 days');
});

for (const lang of ['zh', 'en'] as const) {
  test(`every inbox screen passes the axe WCAG 2.1 A/AA scan (${lang})`, async ({ page, receiver }) => {
    const words = inboxWords(lang);
    await storeReports(receiver, [reportWith('no'), reportWith('yes')]);
    await page.goto(`${receiver.url}/inbox${lang === 'en' ? '?lang=en' : ''}`);
    await expectNoAxeViolations(page, 'open');
    await fillOpenForm(page, lang, { credential: OFFICER_TOKEN, keyFile: await agencyKeyFilePath(), passphrase: 'not the passphrase' });
    await expect(page.getByRole('alert')).toBeVisible();
    await expectNoAxeViolations(page, 'open, wrong passphrase');
    await fillOpenForm(page, lang, { passphrase: AGENCY_PASSPHRASE });
    await expect(cards(page)).toHaveCount(2);
    await expectNoAxeViolations(page, 'list');
    await cards(page).first().getByRole('button', { name: words.read }).click();
    await expect(page.locator('.history')).toBeVisible();
    await expectNoAxeViolations(page, 'report');
    await page.getByRole('button', { name: words.setStatus }).click();
    await expect(page.locator('.field-error')).toBeVisible();
    await expectNoAxeViolations(page, 'set status, nothing chosen');
    await page.getByRole('radio', { name: words.accepted }).check();
    await page.getByRole('button', { name: words.setStatus }).click();
    await page.getByRole('radio', { name: words.referred }).check();
    await expect(page.getByRole('radio', { name: words.civilAffairs })).toBeVisible();
    await expectNoAxeViolations(page, 'set status, referred');
  });
}

test('the tablet app neither precaches nor loads anything of the inbox, and the inbox may connect to its own origin only', () => {
  const serviceWorker = readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const inboxFiles = readdirSync(path.join(DIST, 'assets/inbox'));
  expect(inboxFiles.length).toBeGreaterThan(0);
  for (const file of [...inboxFiles, 'inbox.html']) expect(serviceWorker, file).not.toContain(file);
  const tabletPage = readFileSync(path.join(DIST, 'index.html'), 'utf8');
  expect(tabletPage).not.toContain('assets/inbox/');
  const inboxPage = readFileSync(path.join(DIST, 'inbox.html'), 'utf8');
  expect(inboxPage).toMatch(/connect-src &#39;self&#39;;/);
  expect(inboxPage).not.toContain('rel="manifest"');
});
