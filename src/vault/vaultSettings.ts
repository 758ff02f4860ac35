// The tablet's security settings (clear: they are not report content).
import { db } from '../storage/db';

export interface VaultSettings {
  /** Lock after this many minutes without a touch or key press. */
  idleLockMinutes: number;
  /** Erase a report's content this many days after the agency acknowledged it; 0 = at once. */
  retentionDays: number;
  /** Flag drafts untouched for this many days (never delete them). */
  staleDraftDays: number;
}

export const DEFAULT_VAULT_SETTINGS: VaultSettings = { idleLockMinutes: 5, retentionDays: 7, staleDraftDays: 30 };

export const VAULT_SETTING_LIMITS: Record<keyof VaultSettings, { min: number; max: number }> = {
  idleLockMinutes: { min: 1, max: 120 },
  retentionDays: { min: 0, max: 365 },
  staleDraftDays: { min: 1, max: 365 },
};

const KEY = 'vaultSettings';

export async function loadVaultSettings(): Promise<VaultSettings> {
  const stored = (await db.settings.get(KEY))?.value as Partial<VaultSettings> | undefined;
  return { ...DEFAULT_VAULT_SETTINGS, ...stored };
}

export async function saveVaultSettings(settings: VaultSettings): Promise<void> {
  for (const [key, { min, max }] of Object.entries(VAULT_SETTING_LIMITS)) {
    const value = settings[key as keyof VaultSettings];
    if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${key} out of range`);
  }
  await db.settings.put({ key: KEY, value: settings });
}
