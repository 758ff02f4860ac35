// Honest status, in words (issue 14): the confirmation says when the agency
// already has the report; the outbox never says "nothing sent" beside a
// received report; "no network" and "the agency is not answering" differ.
import { expect, outboxEntry, sendReportsTo, test } from './receiver';
import { fileReport, sampleDetails } from './reportForm';
import { visit } from './session';

test('the confirmation says the agency has received the report once it has', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  await visit(page, '/?lang=en');
  const reference = await fileReport(page, 'en', sampleDetails('got'));
  await expect(page.getByRole('status').filter({ hasText: /^The agency has received this report \(/ })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText('waiting to be sent')).toHaveCount(0);

  // The outbox agrees with the header: a last send, and no "nothing sent yet", also after a reload.
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText('Received by the agency');
  await expect(page.getByText('Nothing has been sent successfully yet.')).toHaveCount(0);
  await expect(page.locator('.sync-last')).toContainText('Last successful sync:');
  await expect(page.locator('.connection')).toContainText('Last sent:');
  // The badge is gone; while there was one, it read as "Outbox, 1 waiting".
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox', exact: true })).toBeVisible();
});

test('with the network up and the agency down, the header says the agency is not answering, not "no network"', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  await receiver.stop();
  await visit(page, '/?lang=en');
  const reference = await fileReport(page, 'en', sampleDetails('down'));
  await expect(page.locator('.connection')).toContainText('The agency is not answering', { timeout: 20_000 });
  await expect(page.locator('.connection')).toContainText('Network fine');
  await expect(page.locator('.connection')).not.toContainText('No network');
  // Waiting: the confirmation says so, and the badge reads as "1 waiting".
  await expect(page.getByRole('status').filter({ hasText: /Not sent yet|waiting to be sent/ })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Outbox\s*,\s*1 waiting$/ })).toBeVisible();
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText('Waiting to be sent');

  // No network at all: other words.
  await page.context().setOffline(true);
  await expect(page.locator('.connection')).toContainText('No network');
  await page.context().setOffline(false);
});
