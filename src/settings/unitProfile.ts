// The unit profile: the reporter details that prefill every new report.
import { db } from '../outbox/db';
import type { ReportInput } from '../report/schema';

export type UnitProfile = Pick<ReportInput['reporter'], 'name' | 'unitName' | 'unitType' | 'position' | 'phone'>;

const KEY = 'unitProfile';

export async function loadUnitProfile(): Promise<Partial<UnitProfile>> {
  const stored = await db.settings.get(KEY);
  return (stored?.value as Partial<UnitProfile> | undefined) ?? {};
}

export async function saveUnitProfile(profile: Partial<UnitProfile>): Promise<void> {
  await db.settings.put({ key: KEY, value: profile });
}
