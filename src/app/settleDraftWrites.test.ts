import { describe, expect, it } from 'vitest';
import type { ShouhuDatabase } from '../storage/db';
import { freshDatabase } from '../storage/testing/fixtures';
import type { ReportInput } from '../contract/schema';
import { DraftAutosaver } from '../features/report/draftAutosave';
import { settleDraftWrites } from './settleDraftWrites';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Like the app's saveDraft, with some work (sealing) before its transaction. */
const saver = (db: ShouhuDatabase, id: string, workMs: number) =>
  new DraftAutosaver<Partial<ReportInput>>(async (values, step) => {
    await sleep(workMs);
    await db.transaction('rw', db.drafts, db.outbox, async () => {
      const now = new Date().toISOString();
      await db.drafts.put({ id, createdAt: now, updatedAt: now, step, values });
    });
  }, 250);

describe('settleDraftWrites', () => {
  it('returns once chained saves, started before it, are stored', async () => {
    const { db } = freshDatabase('settle');
    const autosaver = saver(db, 'd1', 15);
    for (const name of ['a', 'ab', 'abc', 'abcd']) {
      autosaver.schedule({ child: { name, whereNow: '' } }, 0);
      void autosaver.flush(); // as the form does when it unmounts: not awaited
      await sleep(1);
    }
    await settleDraftWrites(db, 30);
    expect((await db.drafts.get('d1'))?.values).toEqual({ child: { name: 'abcd', whereNow: '' } });
  });

  it('returns soon when nothing is being saved', async () => {
    const { db } = freshDatabase('settle');
    const started = Date.now();
    await settleDraftWrites(db, 10);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
