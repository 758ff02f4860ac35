// Erasing the content of acknowledged reports after the retention period, keeping what the receipt needs.
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../storage/db';
import { createDraft } from '../vault/drafts';
import { enqueueReport } from './queue';
import { validReportInput } from '../contract/testing/testReports';
import { openReceiptDetails } from '../vault/content';
import { eraseAcknowledgedContent } from '../vault/retention';
import { requireSession } from '../vault/session';
import { lockAndClearTablet, unlockTestProfile } from '../vault/testing/testProfile';

afterEach(lockAndClearTablet);

const DAY = 24 * 3600_000;

describe('retention', () => {
  it('erases the content of acknowledged reports after the period and keeps what the receipt needs', async () => {
    await unlockTestProfile();
    const acknowledgedAt = Date.UTC(2026, 0, 10);
    const ids: string[] = [];
    for (const status of ['acknowledged', 'queued'] as const) {
      const draft = await createDraft({});
      await enqueueReport(draft.id, validReportInput());
      // As the sync engine records an acknowledgement (see outboxTransitions.ts).
      const acknowledged = status === 'acknowledged' ? { contentKeptSince: acknowledgedAt } : {};
      await db.outbox.update(draft.id, { status, acknowledgedAt: new Date(acknowledgedAt).toISOString(), receiptId: 'R-1', ...acknowledged });
      ids.push(draft.id);
    }
    expect(await eraseAcknowledgedContent(7, acknowledgedAt + 6 * DAY)).toBe(0);
    expect(await eraseAcknowledgedContent(7, acknowledgedAt + 8 * DAY)).toBe(1);
    const erased = await db.outbox.get(ids[0]!);
    expect(erased?.sealedForOwner).toBeUndefined();
    expect(erased?.sealedForAgency).toBeUndefined();
    expect(erased?.contentErasedAt).toBeDefined();
    expect(erased?.contentKeptSince).toBeUndefined();
    // Erased once: the next pass finds nothing more to erase.
    expect(await eraseAcknowledgedContent(7, acknowledgedAt + 9 * DAY)).toBe(0);
    expect(erased?.receiptId).toBe('R-1');
    expect((await openReceiptDetails(requireSession(), erased!))?.reporterName).toBe('王老师');
    // Not acknowledged: kept whatever its age.
    expect((await db.outbox.get(ids[1]!))?.sealedForAgency).toBeDefined();
  });

  it('with a period of 0 erases at once', async () => {
    await unlockTestProfile();
    const draft = await createDraft({});
    await enqueueReport(draft.id, validReportInput());
    await db.outbox.update(draft.id, { status: 'acknowledged', acknowledgedAt: new Date().toISOString(), contentKeptSince: Date.now() });
    expect(await eraseAcknowledgedContent(0)).toBe(1);
  });
});
