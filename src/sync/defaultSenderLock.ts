// Which sender lock this browser gets: the Web Locks API where it has one,
// else a lease in the database (src/sync/leaseLock.ts).
import type { Clock } from '../lib/clock';
import type { ShouhuDatabase } from '../storage/db';
import { createLeaseLock } from './leaseLock';
import { createWebLock, type SenderLock } from './senderLock';

/** Web Locks where the browser has them, else a lease in the database. */
export function defaultSenderLock(db: ShouhuDatabase, clock: Clock): SenderLock {
  const locks = typeof navigator === 'undefined' ? undefined : (navigator as Partial<Navigator>).locks;
  return locks ? createWebLock(locks) : createLeaseLock({ db, clock });
}
