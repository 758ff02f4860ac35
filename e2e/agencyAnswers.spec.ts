// Across both pages (issue 17): a teacher files two reports on the tablet;
// an officer, on a computer of their own, opens the agency inbox with the
// officer credential and the agency's key file, sees the child in immediate
// danger first, reads the other report and sets "accepted" with a note; the
// tablet then shows "accepted" and the note, checked against the agency's
// signature. Three days on, the report nobody answered is marked. The inbox
// asks no origin but its own.
import { agencyClock, backToOutbox, fileAndSend, HOUR_MS, moveOn } from './agencyAnswer';
import { cardOf, cards, inboxWords, OFFICER_TOKEN, openInbox } from './inboxHelpers';
import { expect, outboxEntry, sendReportsTo, test } from './receiver';

/** A reference as the receiver stores it, from the one the tablet shows. */
const stored = (shown: string) => shown.replace(/-/g, '');

test.use({ receiverOptions: { officerToken: OFFICER_TOKEN, now: agencyClock.now } });
test.beforeEach(() => agencyClock.reset());

test('filed on the tablet, answered in the inbox, shown on the tablet with its note; three days on, the unanswered one is marked', async ({
  page,
  browser,
  receiver,
  forbidBuiltEndpoint,
}) => {
  await page.clock.install();
  await sendReportsTo(page, receiver.endpoint);
  // The child in danger is filed first: newest first alone would list it second.
  const urgent = await fileAndSend(page, 'urgent', 'yes');
  const calm = await fileAndSend(page, 'calm', 'no');

  // The officer's own browser: another device, nothing shared with the tablet.
  const officer = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  forbidBuiltEndpoint(officer);
  const inbox = await officer.newPage();
  const origins = new Set<string>();
  inbox.on('request', (request) => origins.add(new URL(request.url()).origin));
  await openInbox(inbox, receiver, 'en');
  const words = inboxWords('en');
  await expect(cards(inbox).locator('h3')).toHaveText([urgent.reference, calm.reference]);
  await expect(cardOf(inbox, stored(urgent.reference))).toContainText('Child in immediate danger');
  await expect(cardOf(inbox, stored(calm.reference))).toContainText('Status: Received');

  await cardOf(inbox, stored(calm.reference)).getByRole('button', { name: words.read }).click();
  await expect(inbox.locator('.review-row').filter({ hasText: 'Child’s name' })).toContainText('李小明calm');
  await inbox.getByRole('radio', { name: words.accepted }).check();
  await inbox.getByLabel(words.note).fill('已受理。民警今天会联系学校。');
  await inbox.getByRole('button', { name: words.setStatus }).click();
  await expect(inbox.getByRole('status').filter({ hasText: 'The status is now "Accepted".' })).toBeVisible();
  expect([...origins]).toEqual([receiver.url]);
  await officer.close();

  // The tablet asks at the hour after the acknowledgement, on its own timer.
  await moveOn(page, HOUR_MS + 60_000);
  await backToOutbox(page);
  const answered = outboxEntry(page, calm.reference);
  await expect(answered).toContainText('At the agency: Accepted', { timeout: 20_000 });
  await expect(answered.getByRole('figure')).toContainText('已受理。民警今天会联系学校。');
  await expect(outboxEntry(page, urgent.reference)).toContainText('At the agency: Received');

  await moveOn(page, 3 * 24 * HOUR_MS);
  await backToOutbox(page);
  await expect(outboxEntry(page, urgent.reference)).toContainText('No reply after 3 days');
  await expect(answered).not.toContainText('No reply after 3 days');
});
