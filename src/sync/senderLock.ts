// One sender at a time across the tabs and windows of this browser: two
// senders would not double-deliver (the per-item claim and the idempotency key
// prevent that) but would double the traffic and race on the progress shown.

export const SENDER_LOCK_NAME = 'shouhu-sync';

export interface LockHandle {
  /** False once the lock was lost (a lease that expired while the tab was frozen): claim nothing more. */
  readonly held: boolean;
}

export type LockResult<T> = { acquired: true; value: T } | { acquired: false };

export interface SenderLock {
  /** Runs `task` holding the lock; when another sender holds it, returns at once without running it. */
  runExclusive<T>(task: (handle: LockHandle) => Promise<T>): Promise<LockResult<T>>;
}

const ALWAYS_HELD: LockHandle = { held: true };

/** The Web Locks API: the browser releases the lock itself when a tab closes or crashes. */
export function createWebLock(locks: LockManager, name = SENDER_LOCK_NAME): SenderLock {
  return {
    runExclusive: <T>(task: (handle: LockHandle) => Promise<T>) =>
      locks.request(name, { ifAvailable: true }, async (lock): Promise<LockResult<T>> =>
        lock ? { acquired: true, value: await task(ALWAYS_HELD) } : { acquired: false },
      ),
  };
}
