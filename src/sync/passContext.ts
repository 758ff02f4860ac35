// What a pass works with: the sync engine's options with their defaults
// filled in, and the progress it reports.
import type { Clock } from '../lib/clock';
import type { AgencySigningKey } from '../contract/agencySignature';
import type { ShouhuDatabase } from '../storage/db';
import type { StatusRequests } from './askStatuses';
import type { BackoffPolicy } from './backoff';
import type { SenderLock } from './senderLock';
import type { SyncStateStore } from './syncState';
import type { FetchLike, SyncConfig } from './transport';

export interface PassContext {
  db: ShouhuDatabase;
  /** The receiver's settings; null while none are configured (then nothing is sent). */
  getConfig: () => Promise<SyncConfig | null>;
  /** The agency's signing keys the tablet pins: only an acknowledgement signed by one of them is receipt. */
  getSigningKeys: () => Promise<readonly AgencySigningKey[]>;
  fetch: FetchLike;
  clock: Clock;
  /** In [0, 1); for the backoff's jitter. */
  random: () => number;
  /** Requests in flight at most. */
  concurrency: number;
  /** A request without an answer after this long counts as failed. */
  timeoutMs: number;
  backoff: BackoffPolicy;
  lock: SenderLock;
  /** The progress shown. */
  store: SyncStateStore;
  /** What the engine has learnt of the status route (askStatuses.ts). */
  statusRequests: StatusRequests;
}

/** A database error: the progress shown (and the connection indicator) note when. Report content is never logged. */
export function noteFailure({ store, clock }: PassContext): void {
  store.update(() => ({ lastFailureAt: clock.now() }));
}
