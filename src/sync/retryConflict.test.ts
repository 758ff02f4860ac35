// A report in conflict goes back in the queue unchanged; nothing else does.
import { describe, expect, it } from 'vitest';
import { ResendNotAllowedError, retryConflict } from './retryConflict';
import { addQueued, freshDatabase } from '../storage/testing/fixtures';

describe('retryConflict', () => {
  it('queues a conflict again, unchanged', async () => {
    const { db } = freshDatabase('conflict');
    const [item] = await addQueued(db, 1, {
      status: 'conflict',
      attempts: 2,
      lastError: { kind: 'conflict', status: 409, at: '2026-11-22T08:00:00.000Z' },
    });
    await retryConflict(db, item?.id ?? '');
    const stored = await db.outbox.get(item?.id ?? '');
    expect(stored).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: 0, sealedForAgency: item?.sealedForAgency, contentHash: item?.contentHash });
    expect(stored?.lastError).toBeUndefined();
  });

  it('refuses anything but a conflict', async () => {
    const { db } = freshDatabase('conflict');
    const [item] = await addQueued(db, 1, { status: 'rejected' });
    await expect(retryConflict(db, item?.id ?? '')).rejects.toBeInstanceOf(ResendNotAllowedError);
  });

  it('refuses an unknown id', async () => {
    const { db } = freshDatabase('conflict');
    await expect(retryConflict(db, 'nope')).rejects.toBeInstanceOf(ResendNotAllowedError);
  });
});
