// The agency's public keys, pinned on the tablet: the deployment's
// config.json names them, and the last list seen is kept here, so that a
// report is sealed to the agency even when the tablet starts offline. Nothing
// on the tablet can change them (Settings changes where reports go, never who
// can read them).
import { agencyKeysIn, newestAgencyKey, type AgencyPublicKey } from '../contract/sealedReport';
import { db } from '../storage/db';

const AGENCY_KEYS = 'agencyKeys';

/** Keeps the list from config.json; a missing or invalid list leaves the pinned one as it is. */
export async function pinAgencyKeys(config: unknown): Promise<void> {
  const keys = agencyKeysIn(config);
  if (keys) await db.settings.put({ key: AGENCY_KEYS, value: keys });
}

async function pinnedAgencyKeys(): Promise<AgencyPublicKey[]> {
  return agencyKeysIn({ agencyKeys: (await db.settings.get(AGENCY_KEYS))?.value }) ?? [];
}

/** The key new reports are sealed to: the newest pinned; undefined until config.json has named one. */
export async function currentAgencyKey(): Promise<AgencyPublicKey | undefined> {
  return newestAgencyKey(await pinnedAgencyKeys());
}

/** The ids of every pinned key: a report sealed to any of them reaches this deployment's agency. */
export async function pinnedAgencyKeyIds(): Promise<Set<string>> {
  return new Set((await pinnedAgencyKeys()).map((key) => key.kid));
}
