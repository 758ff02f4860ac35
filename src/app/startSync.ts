// Starts sending once the first screen is up: the engine, the schema and the
// settings are not needed to show it.
import { startSync } from '../outbox/syncService';
import { loadDeploymentDefaults, loadUserSettings, type SyncSettings } from '../settings/syncSettings';

export async function startSending(): Promise<void> {
  // The deployment's config.json is read once per start; the user's settings at every pass.
  const defaults = await loadDeploymentDefaults();
  startSync(async () => {
    const merged: Partial<SyncSettings> = { ...defaults, ...(await loadUserSettings()) };
    return merged.endpoint ? { endpoint: merged.endpoint, ...(merged.token ? { token: merged.token } : {}) } : null;
  });
}
