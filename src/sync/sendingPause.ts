// The pause after an answer that no retry can fix: the credentials were
// refused (401/403), the endpoint is not a receiver (404, 405, a redirect...),
// or it answered 2xx without an acknowledgement the tablet can verify (see
// docs/sync-protocol.md). It is kept in the database, so that every tab and
// a reloaded page stay paused too, with a fingerprint of the settings that
// failed: sending resumes by itself once the endpoint, the token or the
// pinned signing keys change, or when the user asks (SyncEngine#resume).
import type { AgencySigningKey } from '../contract/agencySignature';
import { contentHash } from '../contract/contentHash';
import type { ShouhuDatabase } from '../storage/db';
import type { SyncConfig } from './transport';

export const SENDING_PAUSE_KEY = 'syncPause';

/**
 * Why nothing more can be sent until the settings change: "auth", the
 * receiver refused the credentials; "config", the endpoint is not a receiver
 * (404, 405, a redirect...); "unconfirmed", it answered 2xx but could not
 * prove receipt (no acknowledgement signed by a pinned key for this very
 * report: a proxy or gateway that did not forward it, or a receiver whose
 * key the tablet does not know yet); "noSigningKey", the tablet pins no
 * signing key at all, so nothing could prove receipt (the deployment's
 * config.json must list agencySigningKeys).
 */
export type PauseReason = 'auth' | 'config' | 'unconfirmed' | 'noSigningKey';
export interface SendingPause {
  /** A hash of the endpoint, token and pinned signing keys that failed; the token itself is not copied here. */
  configFingerprint: string;
  reason: PauseReason;
  status: number;
  at: string;
}

export function configFingerprint(config: SyncConfig, signingKeys: readonly AgencySigningKey[]): Promise<string> {
  return contentHash({ endpoint: config.endpoint, token: config.token ?? '', signingKeys });
}

export async function readSendingPause(db: ShouhuDatabase): Promise<SendingPause | undefined> {
  const value = (await db.settings.get(SENDING_PAUSE_KEY))?.value;
  return typeof value === 'object' && value !== null && typeof (value as SendingPause).configFingerprint === 'string'
    ? (value as SendingPause)
    : undefined;
}

/** Lifts the pause: the paused reports go back in the queue, due at once. Returns how many. */
export function liftSendingPause(db: ShouhuDatabase): Promise<number> {
  return db.transaction('rw', db.outbox, db.settings, async () => {
    await db.settings.delete(SENDING_PAUSE_KEY);
    return db.outbox.where('status').equals('paused').modify({ status: 'queued', nextAttemptAt: 0 });
  });
}
