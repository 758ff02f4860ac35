// The tablet's security settings: their defaults and their bounds.
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../storage/db';
import { DEFAULT_VAULT_SETTINGS, loadVaultSettings, saveVaultSettings } from './vaultSettings';

afterEach(async () => {
  await db.settings.clear();
});

describe('security settings', () => {
  it('default to 5 minutes, 7 days and 30 days, and refuse values out of range', async () => {
    expect(await loadVaultSettings()).toEqual(DEFAULT_VAULT_SETTINGS);
    expect(DEFAULT_VAULT_SETTINGS).toEqual({ idleLockMinutes: 5, retentionDays: 7, staleDraftDays: 30 });
    await saveVaultSettings({ idleLockMinutes: 1, retentionDays: 0, staleDraftDays: 10 });
    expect(await loadVaultSettings()).toEqual({ idleLockMinutes: 1, retentionDays: 0, staleDraftDays: 10 });
    await expect(saveVaultSettings({ idleLockMinutes: 0, retentionDays: 0, staleDraftDays: 10 })).rejects.toBeInstanceOf(RangeError);
  });
});
