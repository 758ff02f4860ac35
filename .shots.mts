// Screenshot helper (not committed): the inbox served by the real receiver.
import { chromium } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openReportStore } from './server/openStore';
import { newReceiptId } from './server/receiptId';
import { startReceiver } from './server/receiver';
import { TEST_RECEIVER_SIGNING } from './server/testing/testSigning';
import { writePrivateKeyFile } from './src/contract/privateKeyFile';
import { TEST_AGENCY_KEYS, TEST_AGENCY_PRIVATE_JWK } from './src/contract/testing/agencyTestKey';
import { contentHash } from './src/contract/contentHash';
import { SCHEMA_VERSION, writeEnvelope } from './src/contract/protocol';
import { referenceFromId } from './src/contract/referenceCode';
import { sealReportFor } from './src/contract/sealReportFor';
import { TEST_AGENCY_PUBLIC_KEY } from './src/contract/testing/agencyTestKey';
async function sealedAt(report: unknown, submittedAt: number) {
  const id = crypto.randomUUID();
  const fields = { id, schemaVersion: SCHEMA_VERSION, reference: referenceFromId(id), createdAt: new Date(submittedAt - 900_000).toISOString(), submittedAt: new Date(submittedAt).toISOString(), contentHash: await contentHash(report) };
  return writeEnvelope({ ...fields, sealedReport: await sealReportFor(TEST_AGENCY_PUBLIC_KEY, fields, report) });
}
import { validReportInput } from './src/contract/testing/testReports';
import { CHROMIUM_ARGS, findChromium } from './e2e/browser';

const OFFICER = 'officer-of-the-shots';
const PASS = 'the agency passphrase';
const folder = mkdtempSync(path.join(tmpdir(), 'shots-'));
const db = path.join(folder, 'r.sqlite');
const keyFile = '/tmp/shots-inbox/agency-private-key.jwe';
writeFileSync(keyFile, await writePrivateKeyFile(TEST_AGENCY_PRIVATE_JWK, PASS));
const store = await openReportStore(db, { poolSize: 1, log: () => {} });
const now = Date.now();
const rows = [];
for (let i = 0; i < 57; i++) {
  const report = validReportInput({
    incident: {
      immediateDanger: i === 4 || i === 40 ? 'yes' : i % 3 === 0 ? 'no' : 'unknown',
      circumstances: i % 4 === 0 ? ['injury_abuse', 'abandoned_unattended'] : i % 5 === 0 ? ['sexual_assault_under14'] : ['missing_trafficked'],
      discoveredAt: new Date(now - (57 - i) * 5 * 3600_000 - 3 * 3600_000 + 8 * 3600_000).toISOString().slice(0, 16),
      occurredPlace: '村口小卖部附近',
      narrative: '课间发现孩子手臂和背部有多处淤青。孩子说是在家里被父亲用皮带打的，已经不是第一次了。',
      childWords: '“爸爸喝了酒就打我。”',
    },
    reporter: { unitType: i % 2 ? 'village_committee' : 'school', name: '王老师', unitName: '青山村小学', phone: '13800138000', position: '班主任', howKnown: 'child_disclosed' },
    child: { name: '李小明', whereNow: '学校医务室，由班主任陪同', sex: 'male', ageYears: 9, school: '青山村小学', className: '三年级二班', careStatus: 'left_behind' },
    actions: { policeNotified: false },
  });
  const filed = now - (57 - i) * 5 * 3600_000;
  const envelope = await sealedAt(report, filed);
  const receivedAt = new Date(filed + 60_000);
  rows.push({ envelope: i === 52 ? { ...envelope, contentHash: `sha256:${'0'.repeat(64)}` } : envelope, receiptId: newReceiptId(receivedAt), receivedAt: receivedAt.toISOString() });
}
await store.insertAllIfAbsent(rows);
await store.close();
const receiver = await startReceiver({ database: db, port: 0, agencyKeyIds: TEST_AGENCY_KEYS.map((k) => k.kid), ...TEST_RECEIVER_SIGNING, officerToken: OFFICER, log: () => {} });
const post = (id: string, body: object) => fetch(`${receiver.url}/api/inbox/reports/${id}/status`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OFFICER}` }, body: JSON.stringify(body) });
const newest = rows.slice(-6).map((row) => row.envelope.id);
await post(newest[5]!, { status: 'accepted', note: '已受理，民警会与您联系。' });
await post(newest[5]!, { status: 'referred', referredTo: 'civil_affairs', note: '已移送民政部门，由其安排临时照料。' });
await post(newest[3]!, { status: 'accepted' });

const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
const sizes = [[768, 1024], [1024, 768], [360, 740], [1366, 900]] as const;
for (const lang of ['zh', 'en'] as const) {
  for (const [w, h] of sizes) {
    const page = await browser.newPage({ viewport: { width: w, height: h }, timezoneId: 'Asia/Shanghai' });
    const tag = `${lang}-${w}x${h}`;
    await page.goto(`${receiver.url}/inbox${lang === 'en' ? '?lang=en' : ''}`);
    await page.locator('#open-title').waitFor();
    await page.screenshot({ path: `/tmp/shots-inbox/1-open-${tag}.png`, fullPage: true });
    const pw = page.locator('input[type=password]');
    await pw.nth(0).fill(OFFICER);
    await page.locator('input[type=file]').setInputFiles(keyFile);
    await pw.nth(1).fill('wrong passphrase');
    await page.locator('button[type=submit]').click();
    await page.locator('.error-summary').waitFor();
    await page.screenshot({ path: `/tmp/shots-inbox/2-open-error-${tag}.png`, fullPage: true });
    await pw.nth(1).fill(PASS);
    await page.locator('button[type=submit]').click();
    await page.locator('.inbox-list > li').first().waitFor();
    await page.screenshot({ path: `/tmp/shots-inbox/3-list-${tag}.png` });
    await page.locator('.inbox-list > li').nth(1).getByRole('button').click();
    await page.locator('.history').waitFor();
    await page.screenshot({ path: `/tmp/shots-inbox/4-report-${tag}.png`, fullPage: true });
    await page.locator('.set-status input[type=radio]').last().check();
    await page.locator('.set-status button[type=submit]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots-inbox/5-set-status-${tag}.png` });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `/tmp/shots-inbox/6-print-${tag}.png`, fullPage: true });
    if (w === 768) await page.pdf({ path: `/tmp/shots-inbox/print-${lang}.pdf`, format: 'A4' });
    await page.close();
  }
}
await browser.close();
await receiver.close();
