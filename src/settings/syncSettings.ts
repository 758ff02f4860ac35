// Where reports are sent. Defaults come from /config.json, which a deployment
// edits without rebuilding; a change made on the tablet is kept in IndexedDB
// and wins over the defaults.
import { db } from '../outbox/db';

export interface SyncSettings {
  endpoint: string;
  token?: string;
}

/** Where the user's endpoint and token are kept in the settings table. */
export const USER_SETTINGS_KEY = 'syncSettings';
const DEFAULTS_KEY = 'deploymentDefaults';

function pickSettings(value: unknown): Partial<SyncSettings> {
  if (typeof value !== 'object' || value === null) return {};
  const { endpoint, token } = value as Record<string, unknown>;
  return {
    ...(typeof endpoint === 'string' && endpoint.trim() ? { endpoint: endpoint.trim() } : {}),
    ...(typeof token === 'string' && token ? { token } : {}),
  };
}

/** The deployment's defaults; the last ones seen are kept for starting without a network. */
export async function loadDeploymentDefaults(fetchImpl: typeof fetch = fetch): Promise<Partial<SyncSettings>> {
  try {
    const response = await fetchImpl('/config.json', { cache: 'no-cache' });
    if (response.ok) {
      const defaults = pickSettings(await response.json());
      await db.settings.put({ key: DEFAULTS_KEY, value: defaults });
      return defaults;
    }
  } catch {
    // Offline or no config file: fall back to the last defaults seen.
  }
  return pickSettings((await db.settings.get(DEFAULTS_KEY))?.value);
}

export async function loadUserSettings(): Promise<Partial<SyncSettings>> {
  return pickSettings((await db.settings.get(USER_SETTINGS_KEY))?.value);
}

/** The settings in force, or null when no endpoint is configured. */
export async function loadSyncSettings(fetchImpl: typeof fetch = fetch): Promise<SyncSettings | null> {
  const merged = { ...(await loadDeploymentDefaults(fetchImpl)), ...(await loadUserSettings()) };
  return merged.endpoint ? (merged as SyncSettings) : null;
}

/** Saves the user's endpoint; the token is replaced only when a new one is given, removed on request. */
export async function saveUserSettings(change: { endpoint: string; token?: string; removeToken?: boolean }): Promise<void> {
  const current = await loadUserSettings();
  const token = change.removeToken ? undefined : change.token || current.token;
  await db.settings.put({ key: USER_SETTINGS_KEY, value: { endpoint: change.endpoint.trim(), ...(token ? { token } : {}) } });
}

export type EndpointWarning = 'invalid' | 'notHttp' | 'insecure';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Why an endpoint URL is risky or unusable; undefined when it is fine. */
export function endpointWarning(value: string): EndpointWarning | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'notHttp';
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname) && !url.hostname.endsWith('.localhost')) {
    return 'insecure';
  }
  return undefined;
}

/** "••••f00d": enough to recognise a token, never enough to use it. */
export function maskToken(token: string): string {
  return `••••${token.slice(-4)}`;
}

export type ConnectionResult = 'ok' | 'tokenRejected' | 'noAnswer' | 'unexpected';

/** Asks the receiver whether it answers and accepts the token (GET on the endpoint, see docs/sync-protocol.md). */
export async function testConnection(
  settings: SyncSettings,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<ConnectionResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetchImpl(settings.endpoint, {
      method: 'GET',
      headers: settings.token ? { Authorization: `Bearer ${settings.token}` } : {},
      signal: controller.signal,
      cache: 'no-store',
    });
    if (response.status === 401 || response.status === 403) return 'tokenRejected';
    return response.ok ? 'ok' : 'unexpected';
  } catch {
    return 'noAnswer';
  } finally {
    clearTimeout(timer);
  }
}
