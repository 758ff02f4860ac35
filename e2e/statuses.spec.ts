// What became of a report, on the tablet (issue 17): an officer sets a status
// on the real receiver (its officer route, with the officer credential, no
// inbox page needed); the tablet asks for it an hour later, checks the
// agency's signature and shows the status and the note. Three days after
// its acknowledgement, a report without a reply is marked and counted on the
// home screen. A status whose signature does not verify is never shown.
// Playwright's clock moves the tablet's time; the receiver's moves with it.
import type { Page } from '@playwright/test';
import { fileReport, sampleDetails } from './reportForm';
import { expect, outboxEntry, sendReportsTo, test, type E2EReceiver } from './receiver';
import { enterApp, visit } from './session';

const OFFICER_TOKEN = 'officer-credential-of-the-e2e-tests';
/** How far the tablet's clock was moved on: the receiver's clock follows it. */
const moved = { ms: 0 };
test.use({ receiverOptions: { officerToken: OFFICER_TOKEN, now: () => Date.now() + moved.ms } });
test.beforeEach(() => {
  moved.ms = 0;
});

const HOUR_MS = 3600_000;
const RECEIVED = 'Status: Received by the agency';

/** Sets a report's status as an officer would: POST /api/inbox/reports/<id>/status. Returns the signed change. */
async function setStatus(receiver: E2EReceiver, id: string, body: object): Promise<string> {
  const response = await fetch(`${receiver.url}/api/inbox/reports/${id}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${OFFICER_TOKEN}` },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { change: string }).change;
}

/** Moves the tablet's clock (and the receiver's) on; the timers due fire once. */
async function moveOn(page: Page, ms: number): Promise<void> {
  moved.ms += ms;
  await page.clock.fastForward(ms);
}

/**
 * After the clock moved on (the tablet may have locked itself meanwhile):
 * back into the app and to the outbox, within the page, so that what shows
 * is what the engine's own timers fetched, not a fresh start's.
 */
async function backToOutbox(page: Page): Promise<void> {
  await enterApp(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Outbox/ }).click();
}

/** Files a report from the home screen and waits until the agency has it; its reference and id. */
async function fileAndSend(page: Page, tag: string): Promise<{ reference: string; id: string }> {
  await visit(page, '/?lang=en');
  const reference = await fileReport(page, 'en', sampleDetails(tag));
  const id = /\/filed\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText(RECEIVED, { timeout: 20_000 });
  return { reference, id };
}

test('the status an officer set shows with its note; three days on, a report without a reply is marked and counted', async ({ page, receiver }) => {
  await page.clock.install();
  await sendReportsTo(page, receiver.endpoint);
  const answered = await fileAndSend(page, 'answered');
  await setStatus(receiver, answered.id, { status: 'accepted', note: '已受理。民警会在今天联系学校，请保持电话畅通。' });

  // Not asked again within the hour of its acknowledgement; at the hour, the engine's own timer asks.
  await moveOn(page, HOUR_MS + 60_000);
  await backToOutbox(page);
  const entry = outboxEntry(page, answered.reference);
  await expect(entry).toContainText('At the agency: Accepted', { timeout: 20_000 });
  await expect(entry.getByRole('figure')).toContainText('Note from 测试县公安局');
  await expect(entry.getByRole('figure')).toContainText('已受理。民警会在今天联系学校，请保持电话畅通。');
  await expect(entry).not.toContainText('No reply after 3 days');

  // The read-only view says the same.
  await entry.getByRole('link', { name: /^Read the report/ }).click();
  const answer = page.getByRole('region', { name: 'At the agency' });
  await expect(answer).toContainText('Status: Accepted');
  await expect(answer.getByRole('figure')).toContainText('民警会在今天联系学校');

  const waiting = await fileAndSend(page, 'waiting');
  await moveOn(page, 3 * 24 * HOUR_MS + 60_000);
  await backToOutbox(page);
  await expect(outboxEntry(page, waiting.reference)).toContainText('No reply after 3 days');
  await expect(outboxEntry(page, waiting.reference)).toContainText('At the agency: Received');
  await expect(outboxEntry(page, answered.reference)).not.toContainText('No reply after 3 days');
  await visit(page, '/?lang=en');
  const followUp = page.getByRole('region', { name: 'Reports to follow up' });
  await expect(followUp).toContainText('Reports with no reply after 3 days: 1');
  await expect(followUp).not.toContainText('no result');

  // In Chinese too.
  await visit(page, '/?lang=zh');
  await expect(page.getByRole('region', { name: '需要跟进的报告' })).toContainText('1 份报告 3 天未答复');
});

test('a status whose signature does not verify is not shown; the genuine one is', async ({ page, receiver }) => {
  await page.clock.install();
  await sendReportsTo(page, receiver.endpoint);
  const { reference, id } = await fileAndSend(page, 'tampered');
  const genuine = await setStatus(receiver, id, { status: 'accepted', note: 'Genuine note' });
  // The same change with its note rewritten after signing, served in the receiver's place.
  const [header, payload, signature] = genuine.split('.');
  const rewritten = { ...(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as object), note: 'Forged note: call 400-000-0000' };
  const forged = [header, Buffer.from(JSON.stringify(rewritten)).toString('base64url'), signature].join('.');
  let served = 0;
  await page.route(`${receiver.endpoint}/status?**`, async (route) => {
    served += 1;
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': '*' },
      body: JSON.stringify({ statuses: [{ id, change: forged }] }),
    });
  });

  await moveOn(page, HOUR_MS + 60_000);
  await backToOutbox(page);
  await expect.poll(() => served, { timeout: 20_000 }).toBeGreaterThan(0);
  const entry = outboxEntry(page, reference);
  await expect(entry).toContainText('At the agency: Received');
  await expect(page.getByText('Forged note')).toHaveCount(0);
  await expect(entry).not.toContainText('Accepted');

  // The receiver itself, an hour later: the genuine change is taken.
  await page.unroute(`${receiver.endpoint}/status?**`);
  await moveOn(page, HOUR_MS + 60_000);
  await backToOutbox(page);
  await expect(entry).toContainText('At the agency: Accepted', { timeout: 20_000 });
  await expect(entry).toContainText('Genuine note');
  await expect(page.getByText('Forged note')).toHaveCount(0);
});
