import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../storage/testing/fixtures';
import { readSyncSuccess, recordSyncSuccess } from './lastSyncSuccess';

describe('the last successful sync', () => {
  it('is kept in the database, and an older time never replaces a newer one', async () => {
    const { db, name } = freshDatabase('last-sync');
    expect(await readSyncSuccess(db)).toBeUndefined();
    await recordSyncSuccess(2_000, db);
    await recordSyncSuccess(1_000, db);
    expect(await readSyncSuccess(db)).toBe(2_000);
    await recordSyncSuccess(3_000, db);
    db.close();
    // After a restart.
    const { openDatabase } = await import('../storage/db');
    const reopened = openDatabase(name);
    expect(await readSyncSuccess(reopened)).toBe(3_000);
    reopened.close();
  });
});
