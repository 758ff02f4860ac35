import { describe, expect, it } from 'vitest';
import { resendReport, ResendNotAllowedError, retryConflict } from './resendReport';
import { addQueued, freshDatabase } from '../storage/testing/fixtures';

const rejection = {
  kind: 'rejected' as const,
  status: 422,
  fields: [{ path: 'child.whereNow', message: 'error.required' }],
  at: '2026-11-22T08:00:00.000Z',
};

describe('resendReport', () => {
  it('queues a rejected report unchanged when no correction is given', async () => {
    const { db } = freshDatabase('resend');
    const [item] = await addQueued(db, 1, { status: 'rejected', attempts: 1, lastError: rejection });
    await resendReport(db, item?.id ?? '');
    expect(await db.outbox.get(item?.id ?? '')).toMatchObject({ status: 'queued', report: item?.report, contentHash: item?.contentHash });
  });

  it('refuses an unknown id', async () => {
    const { db } = freshDatabase('resend');
    await expect(resendReport(db, 'nope')).rejects.toBeInstanceOf(ResendNotAllowedError);
  });
});

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
    expect(stored).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: 0, report: item?.report, contentHash: item?.contentHash });
    expect(stored?.lastError).toBeUndefined();
  });

  it('refuses anything but a conflict', async () => {
    const { db } = freshDatabase('conflict');
    const [item] = await addQueued(db, 1, { status: 'rejected' });
    await expect(retryConflict(db, item?.id ?? '')).rejects.toBeInstanceOf(ResendNotAllowedError);
  });
});
