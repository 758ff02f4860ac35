// The bearer token check. Both sides are hashed first so that the comparison
// takes the same time whatever the length or content of the guess.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** True when no token is configured, or the Authorization header carries exactly it. */
export function bearerTokenAccepted(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
  const presented = match?.[1] ?? '';
  // Always compare, even when nothing was presented, so a missing header takes as long as a wrong one.
  const equal = timingSafeEqual(digest(presented), digest(token));
  return equal && match !== null;
}
