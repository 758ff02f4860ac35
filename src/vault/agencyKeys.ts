// The agency's public keys, pinned on the tablet: the deployment's
// config.json names them, and the last list seen is kept here, so that a
// report is sealed to the agency even when the tablet starts offline. Nothing
// on the tablet can change them (Settings changes where reports go, never who
// can read them).
import { agencyKeysIn, newestAgencyKey, type AgencyPublicKey } from '../contract/sealedReport';
import { agencySigningKeysIn, type AgencySigningKey } from '../contract/agencySignature';
import { db } from '../storage/db';

const AGENCY_KEYS = 'agencyKeys';
const AGENCY_SIGNING_KEYS = 'agencySigningKeys';

/**
 * Keeps the lists from config.json: the keys reports are sealed to, and the
 * keys whose signatures prove receipt (agencySigningKeys). A missing or
 * invalid list leaves the pinned one as it is.
 */
export async function pinAgencyKeys(config: unknown): Promise<void> {
  const keys = agencyKeysIn(config);
  if (keys) await db.settings.put({ key: AGENCY_KEYS, value: keys });
  const signingKeys = agencySigningKeysIn(config);
  if (signingKeys) await db.settings.put({ key: AGENCY_SIGNING_KEYS, value: signingKeys });
}

/**
 * The keys whose signatures this tablet trusts: acknowledgements, status
 * changes and receipts checked on it verify against these only. Empty until
 * config.json has named one. Needs no unlocked profile.
 */
export async function pinnedAgencySigningKeys(): Promise<AgencySigningKey[]> {
  return agencySigningKeysIn({ agencySigningKeys: (await db.settings.get(AGENCY_SIGNING_KEYS))?.value }) ?? [];
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
