// Adding a colleague's profile from Settings opens it: the app must say so,
// and nothing on screen may still show, or save, the previous person's details.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './receiver';
import { openFold } from './reportForm';
import { createProfile, LABEL, unlock, visit } from './session';

const COLLEAGUE = { label: 'Colleague', passphrase: 'a different passphrase', name: '李老师' };

const myDetails = (page: Page) => page.getByRole('form', { name: 'My details' });

test("after adding a colleague, every form shows the colleague's profile and their reports are theirs", async ({ page }) => {
  await visit(page, '/settings?lang=en');
  await expect(myDetails(page).getByLabel('Your name')).toHaveValue('王老师');

  const addColleague = page.getByRole('region', { name: "Add a colleague's profile" });
  await addColleague.getByRole('button', { name: "Add a colleague's profile" }).click();
  await createProfile(page, COLLEAGUE.label, COLLEAGUE.passphrase, COLLEAGUE.name, addColleague);
  await expect(page.getByText(`User: ${COLLEAGUE.label}`)).toBeVisible();

  // Said, and seen: whose profile is open now.
  await expect.soft(page.getByRole('status').filter({ hasText: `${COLLEAGUE.label}'s profile is now open` })).toBeVisible();
  await expect.soft(myDetails(page).getByLabel('Your name')).toHaveValue(COLLEAGUE.name);
  // The creation form is gone, passphrases with it.
  await expect.soft(addColleague.getByRole('button', { name: "Add a colleague's profile" })).toBeVisible();
  await expect.soft(page.getByLabel('Name on the lock screen')).toHaveCount(0);
  const typedPassphrases = () => page.locator('input[type="password"]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value).filter(Boolean));
  expect.soft(await typedPassphrases()).toEqual([]);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect.soft(results.violations.map((violation) => violation.id)).toEqual([]);

  // Saving My details now saves the colleague's own details.
  await myDetails(page).getByRole('button', { name: 'Save' }).click();
  await expect(myDetails(page).getByRole('status')).toHaveText('Your details are saved. New reports start with them.');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await page.getByRole('button', { name: 'Start a new report' }).click();
  // The reporter is asked on step 2; go there without a reload (a reload would lock the tablet).
  await page.waitForURL(/\/step-1/);
  await page.evaluate(() => {
    history.pushState(null, '', location.pathname.replace('/step-1', '/step-2') + location.search);
    dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page.locator('details.fold').filter({ hasText: 'Reporter (you)' })).toContainText(COLLEAGUE.name);
  await openFold(page, /^Reporter \(you\)/);
  await expect(page.getByLabel('Your name')).toHaveValue(COLLEAGUE.name);

  // Both on the lock screen; the first profile's details untouched.
  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('button', { name: LABEL, exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: COLLEAGUE.label, exact: true })).toBeVisible();
  await unlock(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(myDetails(page).getByLabel('Your name')).toHaveValue('王老师');
  await expect(page.getByRole('status').filter({ hasText: 'is now open' })).toHaveCount(0);
});
