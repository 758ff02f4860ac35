// Wrong passphrases tried from several tabs at once: each one counts toward the delay.
import { afterEach, expect, it, vi } from 'vitest';
import { listProfiles, unlockDelayMs } from './profiles';
import { endSession } from './session';
import { lockAndClearTablet, unlockTestProfile } from './testing/testProfile';

/** Another browser tab: the profile functions, with their own classes, on their own connection to the same database. */
async function openTab() {
  vi.resetModules();
  const [profiles, database] = await Promise.all([import('./profiles'), import('../storage/db')]);
  return { ...profiles, close: () => database.db.close() };
}

const tabsToClose: (() => void)[] = [];

afterEach(async () => {
  for (const close of tabsToClose.splice(0)) close();
  await lockAndClearTablet();
});

it('tabs trying wrong passphrases at once each count, and the right one afterwards resets the count', async () => {
  const { profileId } = await unlockTestProfile('A', 'right');
  endSession();
  const tabs = await Promise.all([openTab(), openTab(), openTab(), openTab()]);
  tabsToClose.push(...tabs.map((tab) => tab.close));
  const start = Date.UTC(2026, 0, 1);
  let now = start;
  let checked = 0;
  let refused = 0;
  // Every tab tries at the same moment, and again as soon as the delay allows, until 11 passphrases were checked.
  while (checked < 11) {
    const outcomes = await Promise.allSettled(tabs.map((tab) => tab.unlockProfile(profileId, 'wrong', now)));
    outcomes.forEach((outcome, index) => {
      const tab = tabs[index];
      const reason = outcome.status === 'rejected' ? (outcome.reason as unknown) : undefined;
      if (tab && reason instanceof tab.WrongPassphraseError) checked++;
      else if (tab && reason instanceof tab.TooSoonError) refused++;
      else throw new Error(`Unexpected outcome: ${String(reason)}`);
    });
    const [record] = await listProfiles();
    expect(record?.failedAttempts).toBe(checked);
    now = Math.max(now, record?.nextUnlockAt ?? now);
  }
  // Tabs at the same moment could not all check: the delay held them back.
  expect(refused).toBeGreaterThan(0);
  const [record] = await listProfiles();
  expect(record?.nextUnlockAt).toBe(now);
  expect(now - start).toBeGreaterThanOrEqual(unlockDelayMs(checked - 1));
  // The right passphrase is refused before the delay is over, then accepted as soon as it is.
  const [first, second] = tabs;
  if (!first || !second) throw new Error('Four tabs were opened');
  await expect(first.unlockProfile(profileId, 'right', now - 1)).rejects.toBeInstanceOf(first.TooSoonError);
  const session = await second.unlockProfile(profileId, 'right', now);
  expect(session.details.name).toBe('王老师');
  expect(await listProfiles()).toEqual([expect.objectContaining({ failedAttempts: 0, nextUnlockAt: 0 })]);
});
