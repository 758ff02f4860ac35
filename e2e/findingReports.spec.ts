// Finding and reading reports (issue 14): entries told apart by the child and
// the circumstances, a filed report read again, and the search by reference code.
import { expect, test } from './deployment';
import { outboxEntry } from './receiver';
import { fileReport, labels, sampleDetails } from './reportForm';
import { visit } from './session';

const t = labels('en');

test('outbox entries and drafts say whose report it is and why', async ({ page }) => {
  await visit(page, '/?lang=en');
  const first = await fileReport(page, 'en', { ...sampleDetails('1'), child: 'Amelia Thornbury' });
  await visit(page, '/?lang=en');
  const second = await fileReport(page, 'en', { ...sampleDetails('2'), child: 'Bartholomew Quince' });
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, first)).toContainText('Amelia Thornbury');
  await expect(outboxEntry(page, second)).toContainText('Bartholomew Quince');
  await expect(outboxEntry(page, first)).toContainText('Circumstances: 4 Multiple injuries or abuse');

  // A draft, begun: the child's name shows on the list of drafts.
  await visit(page, '/?lang=en');
  await page.getByRole('button', { name: t.start }).click();
  await page.getByLabel(t.childName).fill('Cornelius Draftwood');
  await expect(page.getByText(/Draft saved automatically/)).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drafts' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: 'Cornelius Draftwood' })).toBeVisible();
});

test('a filed report can be read again, read-only, from the outbox and the confirmation', async ({ page }) => {
  await visit(page, '/?lang=en');
  const details = { ...sampleDetails('R'), child: 'Delphine Readback' };
  const reference = await fileReport(page, 'en', details);
  await page.getByRole('link', { name: 'Read the report' }).click();
  await expect(page.getByRole('heading', { name: 'Filed report', level: 2 })).toBeVisible();
  await expect(page.locator('.filed-report')).toContainText('Delphine Readback');
  await expect(page.locator('.filed-report')).toContainText(details.narrative);
  // Nothing on it can be changed.
  await expect(page.locator('.filed-report').getByRole('link', { name: /^Change/ })).toHaveCount(0);
  await expect(page.locator('.filed-report').getByRole('textbox')).toHaveCount(0);

  await visit(page, '/outbox?lang=en');
  await outboxEntry(page, reference).getByRole('link', { name: `Read the report ${reference}` }).click();
  await expect(page.locator('.filed-report')).toContainText(`Report ${reference}`);
  await expect(page.locator('.filed-report')).toContainText(details.whereNow);
});

test('the outbox finds a report by its reference code, typed any way, and says what is wrong with a bad one', async ({ page }) => {
  await visit(page, '/?lang=en');
  const wanted = await fileReport(page, 'en', { ...sampleDetails('S1'), child: 'Evangeline Sought' });
  await visit(page, '/?lang=en');
  await fileReport(page, 'en', { ...sampleDetails('S2'), child: 'Fitzgerald Other' });
  await visit(page, '/outbox?lang=en');
  const search = page.getByRole('search');
  // As heard over the phone: lower case, spaces instead of dashes.
  await search.getByLabel('Find by reference code').fill(wanted.toLowerCase().replace(/-/g, ' '));
  await search.getByRole('button', { name: 'Find' }).click();
  await expect(search.getByRole('status')).toHaveText(`Found the report ${wanted}:`);
  await expect(page.getByRole('listitem')).toHaveCount(1);
  await expect(outboxEntry(page, wanted)).toContainText('Evangeline Sought');

  // One character wrong: the check character catches it.
  const wrong = `${wanted.slice(0, -1)}${wanted.endsWith('2') ? '3' : '2'}`;
  await search.getByLabel('Find by reference code').fill(wrong);
  await search.getByRole('button', { name: 'Find' }).click();
  await expect(search.getByLabel('Find by reference code')).toHaveAccessibleDescription(/One character of this code is wrong/);
  await search.getByLabel('Find by reference code').fill('12345');
  await search.getByRole('button', { name: 'Find' }).click();
  await expect(search.getByLabel('Find by reference code')).toHaveAccessibleDescription(/has 9 letters or digits/);
  // Everything again.
  await search.getByLabel('Find by reference code').fill(wanted);
  await search.getByRole('button', { name: 'Find' }).click();
  await search.getByRole('button', { name: 'Show all reports' }).click();
  await expect(page.locator('.outbox-list > li')).toHaveCount(2);
});
