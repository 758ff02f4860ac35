// What became of a report, on the tablet (issue 17): an officer sets a status
// on the real receiver (its officer route, with the officer credential, no
// inbox page needed); the tablet asks for it an hour later, checks the
// agency's signature and shows the status and the note. Three days after
// its acknowledgement, a report without a reply is marked and counted on the
// home screen. A status whose signature does not verify is never shown.
// Playwright's clock moves the tablet's time; the receiver's moves with it.
import { agencyClock, backToOutbox, fileAndSend, HOUR_MS, moveOn, setStatus } from './agencyAnswer';
import { OFFICER_TOKEN } from './inboxHelpers';
import { expect, outboxEntry, sendReportsTo, test } from './receiver';
import { visit } from './session';

test.use({ receiverOptions: { officerToken: OFFICER_TOKEN, now: agencyClock.now } });
test.beforeEach(() => agencyClock.reset());

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
