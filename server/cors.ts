// Cross-origin rules. The app is served from another origin than the
// receiver, so the browser asks first (a preflight) and only lets the app read
// answers that name its origin.

/** Pages served from this machine, on any port. */
export const DEFAULT_ALLOWED_ORIGINS: readonly string[] = ['http://127.0.0.1:*', 'http://localhost:*'];

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'content-type, authorization, idempotency-key';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * An allow-list entry is an exact origin ("https://intake.example.org"),
 * an origin with any port ("http://localhost:*"), or "*" for any origin.
 */
export function originAllowed(origin: string, allowList: readonly string[]): boolean {
  return allowList.some((entry) => {
    if (entry === '*') return true;
    if (entry.endsWith(':*')) {
      const base = entry.slice(0, -2);
      return origin === base || (origin.startsWith(`${base}:`) && /^\d{1,5}$/.test(origin.slice(base.length + 1)));
    }
    return origin === entry.replace(/\/+$/, '');
  });
}

/** Headers for any answer to an allowed origin. */
export function corsHeaders(origin: string | undefined, allowList: readonly string[]): Record<string, string> {
  if (!origin || !originAllowed(origin, allowList)) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': 'Retry-After',
    Vary: 'Origin',
  };
}

/** Headers for the answer to a preflight from an allowed origin. */
export function preflightHeaders(requestsPrivateNetwork: boolean): Record<string, string> {
  return {
    'Access-Control-Allow-Methods': ALLOWED_METHODS,
    'Access-Control-Allow-Headers': ALLOWED_HEADERS,
    'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
    // Chromium asks before a public page may reach a receiver on the local network.
    ...(requestsPrivateNetwork ? { 'Access-Control-Allow-Private-Network': 'true' } : {}),
  };
}

/**
 * Whether a browser's Origin is the receiver's own: the host (and port) it
 * names is the Host the request was sent to. The scheme is not compared: a
 * proxy in front may end TLS. The inbox and its routes answer no other page.
 */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const { protocol, host: originHost } = new URL(origin);
    if (protocol !== 'http:' && protocol !== 'https:') return false;
    // Read with the Origin's scheme, so that a default port given or left out compares equal.
    return new URL(`${protocol}//${host}`).host === originHost;
  } catch {
    return false;
  }
}
