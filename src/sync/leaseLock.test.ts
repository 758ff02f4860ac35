// The lease that stands in for Web Locks: one holder at a time, renewed while
// held, taken over when its holder stops renewing.
import { describe, expect, it } from 'vitest';
import type { ShouhuDatabase } from '../storage/db';
import { createLeaseLock, LEASE_KEY, type Lease } from './leaseLock';
import { createWebLock } from './senderLock';
import { createFakeClock, settle, waitFor } from './testing/fakeClock';
import { freshDatabase } from '../storage/testing/fixtures';

async function leaseOwner(db: ShouhuDatabase): Promise<string | undefined> {
  return ((await db.settings.get(LEASE_KEY))?.value as Lease | undefined)?.owner;
}

/** A task that runs until `release()` is called. */
function heldTask() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { release, task: async () => done };
}

describe('the lease lock', () => {
  it('lets one holder in at a time, and the next in once it is released', async () => {
    const { db } = freshDatabase('lease');
    const clock = createFakeClock();
    const a = createLeaseLock({ db, clock, owner: 'a' });
    const b = createLeaseLock({ db, clock, owner: 'b' });
    const held = heldTask();
    const first = a.runExclusive(held.task);
    await waitFor(async () => (await db.settings.get(LEASE_KEY)) !== undefined);

    expect(await b.runExclusive(async () => 'ran')).toEqual({ acquired: false });
    held.release();
    expect(await first).toEqual({ acquired: true, value: undefined });
    expect(await db.settings.get(LEASE_KEY)).toBeUndefined();
    expect(await b.runExclusive(async () => 'ran')).toEqual({ acquired: true, value: 'ran' });
  });

  it('is renewed while held, however long the task runs', async () => {
    const { db } = freshDatabase('lease');
    const clock = createFakeClock();
    const a = createLeaseLock({ db, clock, owner: 'a', leaseMs: 30_000 });
    const b = createLeaseLock({ db, clock, owner: 'b', leaseMs: 30_000 });
    const held = heldTask();
    let handleHeld = true;
    const first = a.runExclusive(async (handle) => {
      await held.task();
      handleHeld = handle.held;
    });
    await waitFor(async () => (await db.settings.get(LEASE_KEY)) !== undefined);
    for (let i = 0; i < 30; i++) {
      clock.advanceToNextTimer(); // a renewal every 10 s
      await settle(20);
    }
    expect(clock.now()).toBeGreaterThan(createFakeClock().now() + 120_000);
    expect(await b.runExclusive(async () => 'ran')).toEqual({ acquired: false });
    held.release();
    await first;
    expect(handleHeld).toBe(true);
  });

  it('is taken over once its holder stops renewing (a tab that died), and the old holder releasing it later leaves the new lease alone', async () => {
    const { db } = freshDatabase('lease');
    const clock = createFakeClock();
    const deadTab = clock.view();
    const a = createLeaseLock({ db, clock: deadTab, owner: 'a', leaseMs: 30_000 });
    const b = createLeaseLock({ db, clock, owner: 'b', leaseMs: 30_000 });
    const held = heldTask();
    let handle: { held: boolean } | undefined;
    void a.runExclusive(async (h) => {
      handle = h;
      await held.task();
    });
    await waitFor(async () => (await db.settings.get(LEASE_KEY)) !== undefined);
    deadTab.kill(); // no more renewals

    clock.advanceBy(29_000);
    expect(await b.runExclusive(async () => 'ran')).toEqual({ acquired: false });
    clock.advanceBy(1_000);
    const takeover = heldTask();
    const second = b.runExclusive(takeover.task);
    await waitFor(async () => (await leaseOwner(db)) === 'b');

    // The old holder wakes up: its renewal fails and it stops claiming; its release leaves b's lease alone.
    const revived = createLeaseLock({ db, clock, owner: 'a', leaseMs: 30_000 });
    expect(await revived.runExclusive(async () => 'ran')).toEqual({ acquired: false });
    held.release();
    await settle(50);
    expect((await leaseOwner(db))).toBe('b');
    expect(handle?.held).toBe(true); // it never got to renew, so it was never told; the item claims guard it
    takeover.release();
    await second;
  });

  it('a holder whose renewal finds another owner is told it lost the lease', async () => {
    const { db } = freshDatabase('lease');
    const clock = createFakeClock();
    const a = createLeaseLock({ db, clock, owner: 'a', leaseMs: 30_000 });
    const held = heldTask();
    let handle: { held: boolean } | undefined;
    const first = a.runExclusive(async (h) => {
      handle = h;
      await held.task();
    });
    await waitFor(async () => (await db.settings.get(LEASE_KEY)) !== undefined);
    // Another tab took it (a's renewals were throttled past the expiry).
    await db.settings.put({ key: LEASE_KEY, value: { owner: 'b', expiresAt: clock.now() + 60_000 } });
    clock.advanceToNextTimer();
    await waitFor(() => handle?.held === false);
    held.release();
    await first;
    expect((await leaseOwner(db))).toBe('b');
  });
});

describe('the Web Locks lock', () => {
  it('runs the task when the lock is free and skips it when it is not', async () => {
    let available = true;
    const requested: unknown[] = [];
    const locks = {
      request: async (name: string, options: LockOptions, callback: (lock: Lock | null) => unknown) => {
        requested.push([name, options]);
        return callback(available ? ({ name, mode: 'exclusive' } as Lock) : null);
      },
      query: async () => ({}),
    } as unknown as LockManager;
    const lock = createWebLock(locks);
    expect(await lock.runExclusive(async (handle) => handle.held)).toEqual({ acquired: true, value: true });
    available = false;
    expect(await lock.runExclusive(async () => 'ran')).toEqual({ acquired: false });
    expect(requested[0]).toEqual(['shouhu-sync', { ifAvailable: true }]);
  });
});
