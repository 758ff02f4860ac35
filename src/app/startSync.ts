// Starts sending once the first screen is up: the engine, the schema and the
// settings are not needed to show it. Sending goes on while the tablet is
// locked; an unlock resumes it at once, since what that unlock sealed for the
// agency is due then. Feeds the connection indicator and keeps the time of the
// last successful sync.
import { liveQuery } from 'dexie';
import { db } from '../storage/db';
import { resumeSync, startSync } from '../sync/syncService';
import { loadDeploymentDefaults, loadUserSettings, sendingSettings, USER_SETTINGS_KEY } from '../sync/syncSettings';
import { testConnection } from '../sync/transport';
import { currentSession, subscribeSession } from '../vault/session';
import { connectivity } from './connectivity';
import { recordSyncSuccess } from '../storage/lastSyncSuccess';

/** A probe is light: it gives up well before the engine's own request timeout. */
const PROBE_TIMEOUT_MS = 8_000;

export async function startSending(): Promise<void> {
  // The deployment's config.json is read once per start; the user's settings at every pass.
  const defaults = await loadDeploymentDefaults();
  const currentSettings = async () => sendingSettings(defaults, await loadUserSettings());
  const engine = startSync(async () => {
    const settings = await currentSettings();
    return settings.kind === 'ready' ? settings.config : null;
  });

  // A profile unlocked: reports it has just sealed for the agency (src/vault/legacyOutbox.ts) can go now.
  let unlockedProfile = currentSession()?.profileId;
  subscribeSession(() => {
    const profileId = currentSession()?.profileId;
    if (profileId && profileId !== unlockedProfile) resumeSync();
    unlockedProfile = profileId;
  });

  // The engine's successes and failures are the best evidence of reaching the receiver.
  let { lastSuccessAt, lastFailureAt } = engine.getState();
  engine.subscribe(() => {
    const state = engine.getState();
    if (state.lastSuccessAt !== undefined && state.lastSuccessAt !== lastSuccessAt) {
      connectivity.reached(state.lastSuccessAt);
      void recordSyncSuccess(state.lastSuccessAt).catch(() => undefined);
    }
    if (state.lastFailureAt !== undefined && state.lastFailureAt !== lastFailureAt) connectivity.failed(state.lastFailureAt);
    ({ lastSuccessAt, lastFailureAt } = state);
  });

  window.addEventListener('offline', () => connectivity.browserOffline());
  window.addEventListener('online', () => void connectivity.check());
  connectivity.start(async () => {
    const settings = await currentSettings();
    if (settings.kind === 'unusable') return 'endpointUnusable';
    return settings.kind === 'ready' ? testConnection(settings.config, PROBE_TIMEOUT_MS) : 'notConfigured';
  }, navigator.onLine);
  // A new endpoint or token: look again at once (the first answer is the start itself).
  let first = true;
  liveQuery(() => db.settings.get(USER_SETTINGS_KEY)).subscribe(() => {
    if (!first) void connectivity.check();
    first = false;
  });
}
