// The sender lock where the Web Locks API is missing: a lease record in the
// settings table, taken and renewed in read-write transactions. A tab that
// dies stops renewing, and another takes over when the lease expires.
import { newId } from '../lib/ids';
import type { Clock } from '../lib/clock';
import type { ShouhuDatabase } from '../storage/db';
import type { LockHandle, LockResult, SenderLock } from './senderLock';

export const LEASE_KEY = 'syncLease';

export interface Lease {
  owner: string;
  expiresAt: number;
}

export interface LeaseLockOptions {
  db: ShouhuDatabase;
  clock: Clock;
  /** Who holds the lease; unique per engine. */
  owner?: string;
  /** How long a lease lasts without renewal. It is renewed every third of this. */
  leaseMs?: number;
}

export const DEFAULT_LEASE_MS = 30_000;

function isLease(value: unknown): value is Lease {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Lease).owner === 'string' &&
    typeof (value as Lease).expiresAt === 'number'
  );
}

export function createLeaseLock({ db, clock, owner = newId(), leaseMs = DEFAULT_LEASE_MS }: LeaseLockOptions): SenderLock {
  /** Takes or extends the lease unless someone else holds a live one. */
  const takeLease = (canTake: () => boolean) =>
    db.transaction('rw', db.settings, async () => {
      if (!canTake()) return false;
      const stored = (await db.settings.get(LEASE_KEY))?.value;
      const now = clock.now();
      if (isLease(stored) && stored.owner !== owner && stored.expiresAt > now) return false;
      await db.settings.put({ key: LEASE_KEY, value: { owner, expiresAt: now + leaseMs } satisfies Lease });
      return true;
    });

  return {
    async runExclusive<T>(task: (handle: LockHandle) => Promise<T>): Promise<LockResult<T>> {
      if (!(await takeLease(() => true))) return { acquired: false };
      const handle = { held: true };
      let released = false;
      let timer: unknown;
      const renew = async () => {
        try {
          // Checked inside the transaction: a renewal queued behind the release must not revive the lease.
          handle.held = await takeLease(() => !released);
        } catch {
          handle.held = false;
        }
        if (handle.held && !released) timer = clock.setTimeout(() => void renew(), leaseMs / 3);
      };
      timer = clock.setTimeout(() => void renew(), leaseMs / 3);
      try {
        return { acquired: true, value: await task(handle) };
      } finally {
        released = true;
        clock.clearTimeout(timer);
        await db
          .transaction('rw', db.settings, async () => {
            const stored = (await db.settings.get(LEASE_KEY))?.value;
            if (isLease(stored) && stored.owner === owner) await db.settings.delete(LEASE_KEY);
          })
          .catch(() => undefined); // it expires by itself
      }
    },
  };
}
