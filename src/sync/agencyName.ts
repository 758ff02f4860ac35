// The receiving agency's name, for the receipt ("XX县公安局"), from the
// deployment's config.json: a string, or one per language
// ({ "zh-CN": "XX县公安局", "en": "XX County Public Security Bureau" }).
// The last name seen is kept on the tablet, so that a receipt printed offline names it too.
import { db } from '../storage/db';

export type AgencyName = Partial<Record<'zh-CN' | 'en', string>>;

const AGENCY_NAME_KEY = 'agencyName';
const MAX_LENGTH = 100;

const clean = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, MAX_LENGTH) : undefined;

/** The agency's name as config.json gives it; empty when it gives none or nothing readable. */
export function agencyNameFromConfig(config: unknown): AgencyName {
  const raw = typeof config === 'object' && config !== null ? (config as Record<string, unknown>).agencyName : undefined;
  const single = clean(raw);
  if (single) return { 'zh-CN': single, en: single };
  if (typeof raw !== 'object' || raw === null) return {};
  const byLanguage = raw as Record<string, unknown>;
  const zh = clean(byLanguage['zh-CN']);
  const en = clean(byLanguage.en);
  return { ...(zh ? { 'zh-CN': zh } : {}), ...(en ? { en } : {}) };
}

/** The agency's name, from config.json when it can be read, else the last one seen on this tablet. */
export async function loadAgencyName(fetchImpl: typeof fetch = fetch): Promise<AgencyName> {
  try {
    const response = await fetchImpl('/config.json', { cache: 'no-cache' });
    if (response.ok) {
      const name = agencyNameFromConfig(await response.json());
      await db.settings.put({ key: AGENCY_NAME_KEY, value: name });
      return name;
    }
  } catch {
    // Offline or no config file: the last name seen.
  }
  const kept = (await db.settings.get(AGENCY_NAME_KEY))?.value;
  return agencyNameFromConfig({ agencyName: kept });
}
