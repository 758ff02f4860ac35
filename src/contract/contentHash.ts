// The content hash: SHA-256 of the report's canonical JSON. The app, the
// receiver and the printed receipt all compute it the same way, so a receipt
// can be matched against the receiver's copy and a replay can be told from a
// changed report.

/** What a content hash looks like: "sha256:" and 64 lowercase hex digits. */
export const CONTENT_HASH_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** JSON with object keys sorted at every level and no white space; undefined members are left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('Not a finite number');
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/** "sha256:<64 hex digits>" of the canonical JSON. Uses WebCrypto, which browsers and Node both have. */
export async function contentHash(report: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(canonicalJson(report));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return `sha256:${[...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** "sha256:0123456789abcdef…" → "0123 4567 89AB CDEF": the first 16 hex digits, to read aloud and compare. */
export function shortFingerprint(hash: string): string {
  const hex = hash.replace(/^sha256:/, '').slice(0, 16).toUpperCase();
  return hex.match(/.{1,4}/g)?.join(' ') ?? '';
}
