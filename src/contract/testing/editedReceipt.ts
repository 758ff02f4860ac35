// For tests: a signed receipt code "edited by hand", as a forger would: the
// payload decoded, a member changed, encoded again, the header and signature
// kept as they were. Uses atob/btoa so that it runs in Node and in a page alike.

const fromBase64url = (part: string): string => {
  const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
};

const toBase64url = (text: string): string =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The payload of a compact JWS, parsed. */
export function signedPayloadOf(jws: string): Record<string, unknown> {
  return JSON.parse(fromBase64url(jws.split('.')[1] ?? '')) as Record<string, unknown>;
}

/** The JWS with `changes` written into its payload, and its signature left alone. */
export function editSignedPayload(jws: string, changes: Record<string, unknown>): string {
  const [header, , signature] = jws.split('.');
  return `${header}.${toBase64url(JSON.stringify({ ...signedPayloadOf(jws), ...changes }))}.${signature}`;
}
