import { describe, expect, it } from 'vitest';
import { contentHash } from '../report/contentHash';
import { InvalidReportError } from './queue';
import { resendReport, ResendNotAllowedError, retryConflict } from './resendReport';
import { addQueued, freshDatabase, validReport } from './testing/fixtures';

const rejection = {
  kind: 'rejected' as const,
  status: 422,
  fields: [{ path: 'child.whereNow', message: 'error.required' }],
  at: '2026-11-22T08:00:00.000Z',
};

describe('resendReport', () => {
  it('queues a rejected report again with the correction, its new hash and a fresh start', async () => {
    const { db } = freshDatabase('resend');
    const [item] = await addQueued(db, 1, { status: 'rejected', attempts: 3, nextAttemptAt: 123, lastError: rejection });
    const corrected = validReport('The corrected narrative.');

    const result = await resendReport(db, item?.id ?? '', corrected);
    const stored = await db.outbox.get(item?.id ?? '');
    expect(stored).toEqual(result);
    expect(stored).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: 0, reference: item?.reference });
    expect(stored?.lastError).toBeUndefined();
    expect(stored?.report.incident.narrative).toBe('The corrected narrative.');
    expect(stored?.contentHash).toBe(await contentHash(corrected));
    expect(stored?.contentHash).not.toBe(item?.contentHash);
  });

  it('queues a rejected report unchanged when no correction is given', async () => {
    const { db } = freshDatabase('resend');
    const [item] = await addQueued(db, 1, { status: 'rejected', attempts: 1, lastError: rejection });
    await resendReport(db, item?.id ?? '');
    expect(await db.outbox.get(item?.id ?? '')).toMatchObject({ status: 'queued', report: item?.report, contentHash: item?.contentHash });
  });

  it('refuses an invalid correction and leaves the report as it was', async () => {
    const { db } = freshDatabase('resend');
    const [item] = await addQueued(db, 1, { status: 'rejected', lastError: rejection });
    const invalid = { ...validReport(), declaration: { goodFaith: false } };
    await expect(resendReport(db, item?.id ?? '', invalid)).rejects.toBeInstanceOf(InvalidReportError);
    expect(await db.outbox.get(item?.id ?? '')).toEqual(item);
  });

  it.each(['queued', 'sending', 'acknowledged', 'paused', 'conflict'] as const)('refuses a report that is %s', async (status) => {
    const { db } = freshDatabase('resend');
    const [item] = await addQueued(db, 1, { status });
    await expect(resendReport(db, item?.id ?? '', validReport())).rejects.toBeInstanceOf(ResendNotAllowedError);
    expect(await db.outbox.get(item?.id ?? '')).toEqual(item);
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
