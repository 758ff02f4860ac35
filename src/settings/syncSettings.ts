// Where reports are sent. Defaults come from /config.json, which a deployment
// edits without rebuilding; a change made on the tablet is kept in IndexedDB
// and wins over the defaults. The token is stored only sealed to the tablet's
// outbox key (see docs/privacy.md): any unlocked profile that can send can
// read it, nobody else.
import { db } from '../outbox/db';
import { importPublicKey, openWith, sealFor, type SealedFor } from '../vault/crypto';
import { purpose } from '../vault/content';
import { outboxPublicKey } from '../vault/profiles';
import { currentSession } from '../vault/session';

export interface SyncSettings {
  endpoint: string;
  token?: string;
  /** A token is stored, whether or not this session can open it. */
  hasToken?: boolean;
}

/** Where the user's endpoint and token are kept in the settings table. */
export const USER_SETTINGS_KEY = 'syncSettings';
const DEFAULTS_KEY = 'deploymentDefaults';

interface StoredSettings {
  endpoint?: string;
  sealedToken?: SealedFor;
}

function pickEndpoint(value: unknown): string | undefined {
  const endpoint = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).endpoint : undefined;
  return typeof endpoint === 'string' && endpoint.trim() ? endpoint.trim() : undefined;
}

async function sealToken(token: string): Promise<SealedFor | undefined> {
  const publicKey = await outboxPublicKey();
  return publicKey ? sealFor(await importPublicKey(publicKey), token, purpose.token) : undefined;
}

/** The stored settings with the token opened when this session holds the outbox key. */
async function openStored(value: unknown): Promise<Partial<SyncSettings>> {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as StoredSettings;
  const endpoint = pickEndpoint(stored);
  const outboxKey = currentSession()?.outboxPrivateKey;
  let token: string | undefined;
  if (stored.sealedToken && outboxKey) {
    try {
      token = await openWith<string>(outboxKey, stored.sealedToken, purpose.token);
    } catch {
      token = undefined; // altered: treated as no token, never shown
    }
  }
  return { ...(endpoint ? { endpoint } : {}), ...(token ? { token } : {}), ...(stored.sealedToken ? { hasToken: true } : {}) };
}

/** The deployment's defaults; the last ones seen are kept (the token sealed) for starting without a network. */
export async function loadDeploymentDefaults(fetchImpl: typeof fetch = fetch): Promise<Partial<SyncSettings>> {
  try {
    const response = await fetchImpl('/config.json', { cache: 'no-cache' });
    if (response.ok) {
      const json = (await response.json()) as Record<string, unknown>;
      const endpoint = pickEndpoint(json);
      const token = typeof json.token === 'string' && json.token ? json.token : undefined;
      const sealedToken = token ? await sealToken(token) : undefined;
      await db.settings.put({ key: DEFAULTS_KEY, value: { ...(endpoint ? { endpoint } : {}), ...(sealedToken ? { sealedToken } : {}) } });
      return { ...(endpoint ? { endpoint } : {}), ...(token ? { token, hasToken: true } : {}) };
    }
  } catch {
    // Offline or no config file: fall back to the last defaults seen.
  }
  return openStored((await db.settings.get(DEFAULTS_KEY))?.value);
}

export async function loadUserSettings(): Promise<Partial<SyncSettings>> {
  return openStored((await db.settings.get(USER_SETTINGS_KEY))?.value);
}

/** Saves the user's endpoint; the token is replaced only when a new one is given, removed on request. */
export async function saveUserSettings(change: { endpoint: string; token?: string; removeToken?: boolean }): Promise<void> {
  const current = ((await db.settings.get(USER_SETTINGS_KEY))?.value ?? {}) as StoredSettings;
  const sealedToken = change.removeToken ? undefined : change.token ? await sealToken(change.token) : current.sealedToken;
  await db.settings.put({ key: USER_SETTINGS_KEY, value: { endpoint: change.endpoint.trim(), ...(sealedToken ? { sealedToken } : {}) } });
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
