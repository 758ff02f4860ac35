// Driving the app as staff would, in Chinese (the default), with the end-to-end
// tests' own helpers and labels: none of this is timed.
import type { Page } from '@playwright/test';
import { labels } from '../../../e2e/reportForm';
import { createProfile as createProfileWithForm, unlock } from '../../../e2e/session';

const t = labels('zh');

/** On the set-up form of a fresh tablet: creates the first profile, which unlocks it. */
export async function createProfile(page: Page): Promise<void> {
  await createProfileWithForm(page);
}

export { unlock };

/** The unlocked profile's id, read from IndexedDB: the fixtures' reports are filed under it. */
export async function tabletProfile(page: Page): Promise<{ profileId: string }> {
  const profileId = await page.evaluate(async () => {
    const probes = (globalThis as unknown as { __bench: { idbGetAll(name: string, store: string): Promise<unknown[]> } }).__bench;
    const profiles = (await probes.idbGetAll('shouhu', 'profiles')) as { id: string }[];
    return profiles[0]?.id ?? '';
  });
  if (!profileId) throw new Error('No profile on the tablet');
  return { profileId };
}

/** From the home screen: starts a report and answers who and where the child is; ends on step 1, where the narrative is. */
export async function startReportToIncident(page: Page, tag: string): Promise<string> {
  await page.getByRole('button', { name: t.start }).click();
  await page.waitForURL(/\/step-1$/);
  await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: t.no, exact: true }).check();
  await page.getByLabel(t.childName, { exact: true }).fill(`李小明${tag}`);
  await page.getByLabel(t.whereNow).fill('学校医务室');
  await page.getByLabel(t.narrative).waitFor();
  return new URL(page.url()).pathname.split('/')[2] ?? '';
}

/** On step 1: fills what it needs and moves on to the review (the reporter comes from the profile). */
export async function completeToReview(page: Page, narrative: string): Promise<void> {
  await page.getByRole('checkbox', { name: t.circumstance }).check();
  await page.getByLabel(t.discoveredAt).fill('2026-11-20T09:30');
  await page.getByLabel(t.narrative).fill(narrative);
  await page.getByRole('button', { name: t.next }).click();
  await page.waitForURL(/\/step-2$/);
  await page.getByRole('button', { name: t.next }).click();
  await page.waitForURL(/\/step-3$/);
}

export const SUBMIT = t.submit;
export const FILED = t.filed;
export const NARRATIVE = t.narrative;
export const OUTBOX = t.outbox;
export const SYNC_NOW = '立即发送';

/** A narrative of `length` characters, Chinese as staff write it. */
export function longNarrative(length: number): string {
  const sentence = '课间发现孩子手臂多处淤青，询问后孩子说是在家里被打的，班主任已经联系了家长和学校医务室。';
  return sentence.repeat(Math.ceil(length / sentence.length)).slice(0, length);
}
