// When a report last reached the receiver, kept in IndexedDB so that it
// survives reloads and restarts (the sync engine keeps it in memory only).
import { db as appDatabase, type ShouhuDatabase } from '../storage/db';

export const LAST_SYNC_SUCCESS_KEY = 'lastSyncSuccess';

/** Records a success at `at` (ms since the epoch); an older one never replaces a newer. */
export async function recordSyncSuccess(at: number, db: ShouhuDatabase = appDatabase): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const current = (await db.settings.get(LAST_SYNC_SUCCESS_KEY))?.value;
    if (typeof current === 'number' && current >= at) return;
    await db.settings.put({ key: LAST_SYNC_SUCCESS_KEY, value: at });
  });
}

export async function readSyncSuccess(db: ShouhuDatabase = appDatabase): Promise<number | undefined> {
  const value = (await db.settings.get(LAST_SYNC_SUCCESS_KEY))?.value;
  return typeof value === 'number' ? value : undefined;
}
