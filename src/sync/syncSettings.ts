// Where reports are sent. Defaults come from /config.json, which a deployment
// edits without rebuilding; a change made on the tablet is kept in IndexedDB
// and wins over the defaults. config.json also names the agency's keys,
// which only it can change (src/vault/agencyKeys.ts). The token is stored
// sealed with the tablet's own key (src/vault/deviceKey.ts): the sync engine
// reads it while the tablet is locked (see docs/privacy.md).
import { db } from '../storage/db';
import type { SyncConfig } from './transport';
import { openWith } from '../vault/crypto';
import { purpose } from '../vault/content';
import { pinAgencyKeys } from '../vault/agencyKeys';
import { openWithDeviceKey, sealWithDeviceKey } from '../vault/deviceKey';
import { currentSession } from '../vault/session';
import type { Sealed, SealedFor } from '../storage/sealed';

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
  /** Sealed with the tablet's key; a SealedFor (with wrappedKey) was sealed to the retired outbox key, until an unlock reseals it. */
  sealedToken?: Sealed | SealedFor;
}

function pickEndpoint(value: unknown): string | undefined {
  const endpoint = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).endpoint : undefined;
  return typeof endpoint === 'string' && endpoint.trim() ? endpoint.trim() : undefined;
}

const sealToken = (token: string): Promise<Sealed> => sealWithDeviceKey(token, purpose.token);

/** A stored token, opened; a token sealed to the retired outbox key opens only in a session that still holds it. */
async function openToken(sealed: Sealed | SealedFor): Promise<string | undefined> {
  if ('wrappedKey' in sealed) {
    const outboxKey = currentSession()?.outboxPrivateKey;
    return outboxKey ? openWith<string>(outboxKey, sealed, purpose.token) : undefined;
  }
  return openWithDeviceKey<string>(sealed, purpose.token);
}

/** The stored settings with the token opened. */
async function openStored(value: unknown): Promise<Partial<SyncSettings>> {
  const stored = (typeof value === 'object' && value !== null ? value : {}) as StoredSettings;
  const endpoint = pickEndpoint(stored);
  let token: string | undefined;
  if (stored.sealedToken) {
    try {
      token = await openToken(stored.sealedToken);
    } catch {
      token = undefined; // altered: treated as no token, never shown
    }
  }
  return { ...(endpoint ? { endpoint } : {}), ...(token ? { token } : {}), ...(stored.sealedToken ? { hasToken: true } : {}) };
}

/**
 * The deployment's defaults; the last ones seen are kept (the token sealed)
 * for starting without a network, and the agency's keys pinned.
 */
export async function loadDeploymentDefaults(fetchImpl: typeof fetch = fetch): Promise<Partial<SyncSettings>> {
  try {
    const response = await fetchImpl('/config.json', { cache: 'no-cache' });
    if (response.ok) {
      const json = (await response.json()) as Record<string, unknown>;
      await pinAgencyKeys(json);
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

/** Saving an endpoint that cannot be used; nothing was saved. */
export class UnusableEndpointError extends Error {
  constructor(readonly problem: EndpointProblem) {
    super(`The endpoint cannot be used: ${problem}`);
    this.name = 'UnusableEndpointError';
  }
}

/**
 * Saves the user's endpoint; the token is replaced only when a new one is
 * given, removed on request. An endpoint that cannot be used is refused
 * (UnusableEndpointError) and the stored settings stay as they were.
 */
export async function saveUserSettings(change: { endpoint: string; token?: string; removeToken?: boolean }): Promise<void> {
  const problem = change.endpoint.trim() ? endpointProblem(change.endpoint) : undefined;
  if (problem) throw new UnusableEndpointError(problem);
  const current = ((await db.settings.get(USER_SETTINGS_KEY))?.value ?? {}) as StoredSettings;
  const sealedToken = change.removeToken ? undefined : change.token ? await sealToken(change.token) : current.sealedToken;
  await db.settings.put({ key: USER_SETTINGS_KEY, value: { endpoint: change.endpoint.trim(), ...(sealedToken ? { sealedToken } : {}) } });
}

/** What an endpoint can be refused for. */
export type EndpointProblem =
  /** Not a web address at all. */
  | 'invalid'
  /** Full-width punctuation from a Chinese input method, e.g. "https：//". */
  | 'fullWidth'
  /** A space inside: the browser would send to a different address (%20). */
  | 'spaces'
  /** Not http(s), e.g. ftp:. */
  | 'notHttp'
  /** "https://user:secret@host/…": the browser's fetch refuses such an address, so nothing would ever be sent. */
  | 'credentials';

/** A problem, or a risk the user may accept ('insecure'). */
export type EndpointWarning = EndpointProblem | 'insecure';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/** Full-width ASCII forms and CJK punctuation, as a Chinese input method types "：" or "／". */
const FULL_WIDTH = /[\u3000-\u303f\uff01-\uff5e]/;

/** Why an endpoint URL is risky or unusable; undefined when it is fine. */
export function endpointWarning(value: string): EndpointWarning | undefined {
  const text = value.trim();
  if (/\s/.test(text)) return 'spaces';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return FULL_WIDTH.test(text) ? 'fullWidth' : 'invalid';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'notHttp';
  if (url.username || url.password) return 'credentials';
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname) && !url.hostname.endsWith('.localhost')) {
    return 'insecure';
  }
  return undefined;
}

/** Why an endpoint cannot be used at all; undefined when reports can be sent to it. */
export function endpointProblem(value: string): EndpointProblem | undefined {
  const warning = endpointWarning(value);
  return warning === 'insecure' ? undefined : warning;
}

/** Where reports go now: the user's settings over the deployment's, if that address can be used. */
export type SendingSettings =
  | { kind: 'ready'; config: SyncConfig }
  | { kind: 'notConfigured' }
  /** Stored before this check existed, or in config.json: not used, and said so, rather than failing as "offline". */
  | { kind: 'unusable'; problem: EndpointProblem };

export function sendingSettings(defaults: Partial<SyncSettings>, user: Partial<SyncSettings>): SendingSettings {
  const merged: Partial<SyncSettings> = { ...defaults, ...user };
  if (!merged.endpoint) return { kind: 'notConfigured' };
  const problem = endpointProblem(merged.endpoint);
  if (problem) return { kind: 'unusable', problem };
  return { kind: 'ready', config: { endpoint: merged.endpoint, ...(merged.token ? { token: merged.token } : {}) } };
}

/** "••••f00d": enough to recognise a token, never enough to use it. */
export function maskToken(token: string): string {
  return `••••${token.slice(-4)}`;
}
