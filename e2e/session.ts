// The lock screen in end-to-end tests: every full page load starts locked
// (keys live in memory only), so tests open pages through `visit`, which
// creates the first profile or unlocks it, as staff would.
import { expect, type Locator, type Page } from '@playwright/test';

export const PASSPHRASE = 'correct horse battery staple';
export const LABEL = 'Tester';
/** The profile's phone: distinct from every example number in the app's own texts. */
export const PROFILE_PHONE = '13912340077';

const APP_READY = /^(主导航|Main)$/;

/** Creates a profile with the profile form (on the lock screen, or `within` Settings' "Add a colleague"). */
export async function createProfile(
  page: Page,
  label = LABEL,
  passphrase = PASSPHRASE,
  name = '王老师',
  within: Page | Locator = page,
): Promise<void> {
  await within.getByLabel(/^(锁屏上显示的名字|Name on the lock screen)/).fill(label);
  await within.getByLabel(/^(报告人姓名|Your name)/).fill(name);
  await within.getByLabel(/^(单位名称|Unit name)/).fill('青山村小学');
  await within.getByLabel(/^(单位类型|Type of unit)/).selectOption('school');
  await within.getByLabel(/^(联系电话|Phone number)/).fill(PROFILE_PHONE);
  await within.getByLabel(/^(密码|Passphrase)$/).fill(passphrase);
  await within.getByLabel(/^(再输入一次密码|Passphrase again)$/).fill(passphrase);
  await within.getByRole('button', { name: /^(创建账号|Create profile)$/ }).click();
  await expect(page.getByRole('navigation', { name: APP_READY })).toBeVisible({ timeout: 20_000 });
}

export async function unlock(page: Page, label = LABEL, passphrase = PASSPHRASE): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.getByLabel(/^(密码|Passphrase)$/).fill(passphrase);
  await page.getByRole('button', { name: /^(解锁|Unlock)$/ }).click();
  await expect(page.getByRole('navigation', { name: APP_READY })).toBeVisible({ timeout: 20_000 });
}

/** Waits for the page to settle on the app, the first-profile form or the lock screen, and gets into the app. */
export async function enterApp(page: Page, label = LABEL, passphrase = PASSPHRASE): Promise<void> {
  const app = page.getByRole('navigation', { name: APP_READY });
  const setUp = page.getByRole('heading', { name: /^(设置您的账号|Set up your profile)$/ });
  const locked = page.getByRole('heading', { name: /^(平板已锁定|The tablet is locked)$/ });
  await expect(app.or(setUp).or(locked)).toBeVisible({ timeout: 20_000 });
  if (await app.isVisible()) return;
  if (await setUp.isVisible()) await createProfile(page, label, passphrase);
  else await unlock(page, label, passphrase);
}

/** page.goto, then through the lock screen. */
export async function visit(page: Page, path: string, label = LABEL, passphrase = PASSPHRASE): Promise<void> {
  await page.goto(path);
  await enterApp(page, label, passphrase);
}
