// Screenshot helper (not committed): the inbox against a fake receiver answered by page.route.
import { chromium, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { agencySignerFromPkcs8 } from './server/agencySigner';
import { SIGNED_TYPES } from './src/contract/agencySignature';
import { writePrivateKeyFile } from './src/contract/privateKeyFile';
import { canFollow, type ReportStatus } from './src/contract/reportStatus';
import { TEST_AGENCY_PRIVATE_JWK } from './src/contract/testing/agencyTestKey';
import { TEST_AGENCY_NAME, TEST_SIGNING_PRIVATE_PKCS8 } from './src/contract/testing/agencySigningTestKey';
import { validReportInput } from './src/contract/testing/testReports';
import { sealedInboxEntry } from './src/inbox/testing/inboxEntries';
import type { InboxEntry } from './src/inbox/inboxApi';
import { CHROMIUM_ARGS, findChromium } from './e2e/browser';
import { startStaticServer } from './e2e/staticServer';

const PASS = 'the agency passphrase';
const keyFile = '/tmp/shots-inbox/agency-private-key.jwe';
writeFileSync(keyFile, await writePrivateKeyFile(TEST_AGENCY_PRIVATE_JWK, PASS));
const signer = await agencySignerFromPkcs8(TEST_SIGNING_PRIVATE_PKCS8);
const now = Date.now();
const entries: InboxEntry[] = [];
for (let i = 0; i < 60; i++) {
  const danger = i === 3 || i === 17;
  const report = validReportInput({
    incident: { immediateDanger: danger ? 'yes' : i % 3 === 0 ? 'no' : 'unknown', circumstances: i % 4 === 0 ? ['injury_abuse', 'abandoned_unattended'] : ['missing_trafficked'], discoveredAt: '2026-01-02T08:00', narrative: '手臂和背部有多处淤青，孩子说是在家里被打的。' },
    reporter: { unitType: i % 2 ? 'village_committee' : 'school' },
    child: { name: '李小明', whereNow: '学校医务室', sex: 'male', ageYears: 9 },
  });
  entries.push(await sealedInboxEntry(report, { receivedAt: new Date(now - (i * 0.4 + 0.5) * 24 * 3600_000).toISOString() }));
}
entries[5] = { ...entries[5]!, sealedReport: entries[5]!.sealedReport.replace(/\.[^.]+$/, '.AAAAAAAAAAAAAAAAAAAAAA') };
const history = new Map<string, string[]>();
const statusOf = (id: string): ReportStatus => {
  const h = history.get(id) ?? [];
  if (h.length === 0) return 'received';
  return JSON.parse(Buffer.from(h.at(-1)!.split('.')[1]!, 'base64url').toString()).status;
};
for (const e of entries.slice(0, 4)) {
  const jws = await signer.sign(SIGNED_TYPES.status, { id: e.id, reference: e.reference, status: 'accepted', note: '已受理，民警会与您联系。', at: new Date(now - 3600_000).toISOString(), seq: 1, agency: TEST_AGENCY_NAME });
  history.set(e.id, [jws]);
}
const view = (e: InboxEntry, full: boolean) => ({ ...e, status: statusOf(e.id), history: full ? (history.get(e.id) ?? []) : (history.get(e.id) ?? []).slice(-1) });

async function route(page: Page) {
  await page.route('**/api/inbox/**', async (r) => {
    const url = new URL(r.request().url());
    if (r.request().headers().authorization !== 'Bearer officer') return r.fulfill({ status: 401, json: { error: 'unauthorized', message: 'no' } });
    const m = /^\/api\/inbox\/reports\/([^/]+)(\/status)?$/.exec(url.pathname);
    if (url.pathname === '/api/inbox/reports') {
      const status = url.searchParams.get('status');
      const list = entries.filter((e) => !status || statusOf(e.id) === status).filter((e) => url.searchParams.get('noReply') !== '1' || (statusOf(e.id) === 'received' && now - Date.parse(e.receivedAt) > 3 * 86400_000));
      const start = Number(url.searchParams.get('before') ?? 0);
      const pageOf = list.slice(start, start + 50);
      return r.fulfill({ json: { reports: pageOf.map((e) => view(e, false)), total: list.length, ...(start + 50 < list.length ? { next: String(start + 50) } : {}) } });
    }
    const e = entries.find((x) => x.id === m?.[1]);
    if (!e) return r.fulfill({ status: 404, json: { error: 'not_found', message: 'no' } });
    if (!m?.[2]) return r.fulfill({ json: view(e, true) });
    const body = JSON.parse(r.request().postData() ?? '{}');
    if (!canFollow(statusOf(e.id), body.status)) return r.fulfill({ status: 409, json: { error: 'status_conflict', message: 'no' } });
    const h = history.get(e.id) ?? [];
    const jws = await signer.sign(SIGNED_TYPES.status, { id: e.id, reference: e.reference, status: body.status, ...(body.referredTo ? { referredTo: body.referredTo } : {}), ...(body.note ? { note: body.note } : {}), at: new Date().toISOString(), seq: h.length + 1, agency: TEST_AGENCY_NAME });
    history.set(e.id, [...h, jws]);
    return r.fulfill({ status: 201, json: { change: jws } });
  });
}

const app = await startStaticServer('dist', {});
const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args: CHROMIUM_ARGS });
const sizes = [[768, 1024], [1024, 768], [360, 740]] as const;
const only = process.argv[2];
for (const lang of ['zh-CN', 'en'] as const) {
  for (const [w, h] of sizes) {
    if (only && only !== `${w}`) continue;
    const page = await browser.newPage({ viewport: { width: w, height: h } });
    await route(page);
    const tag = `${lang}-${w}x${h}`;
    await page.goto(`${app.url}/inbox.html?lang=${lang === 'en' ? 'en' : 'zh'}`);
    await page.locator('#open-title').waitFor();
    await page.screenshot({ path: `/tmp/shots-inbox/open-${tag}.png`, fullPage: true });
    const pw = page.locator('input[type=password]');
    await pw.nth(0).fill('officer');
    await page.locator('input[type=file]').setInputFiles(keyFile);
    await pw.nth(1).fill('wrong passphrase');
    await page.locator('button[type=submit]').click();
    await page.locator('.error-summary').waitFor();
    await page.screenshot({ path: `/tmp/shots-inbox/open-error-${tag}.png`, fullPage: true });
    await pw.nth(1).fill(PASS);
    await page.locator('button[type=submit]').click();
    await page.locator('.inbox-list li').first().waitFor();
    await page.screenshot({ path: `/tmp/shots-inbox/list-${tag}.png`, fullPage: false });
    await page.locator('.inbox-list li .button').nth(3).click();
    await page.locator('#report-title').waitFor();
    await page.locator('.history').waitFor();
    await page.screenshot({ path: `/tmp/shots-inbox/report-${tag}.png`, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: `/tmp/shots-inbox/print-${tag}.png`, fullPage: true });
    if (w === 768) await page.pdf({ path: `/tmp/shots-inbox/print-${lang}.pdf`, format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    await page.close();
  }
}
await browser.close();
await app.close();
