// Before the app reloads for a new version: waits until the draft writes that
// are under way, or chained right behind one, have finished.
//
// IndexedDB runs readwrite transactions over the same store in the order they
// were created, so an empty readwrite transaction on the drafts store ends only
// after every draft write created before it. A save may still be on its way to
// its transaction (the autosaver chains saves; sealing comes first), so the
// barrier is repeated until the drafts have not changed for a quiet interval.
import { db as appDatabase, type ShouhuDatabase } from '../storage/db';

const QUIET_MS = 50;
const MAX_ROUNDS = 40;

export async function settleDraftWrites(db: ShouhuDatabase = appDatabase, quietMs = QUIET_MS): Promise<void> {
  let previous: string | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const fingerprint = await db.transaction('rw', db.drafts, async () => {
      const count = await db.drafts.count();
      const newest = await db.drafts.orderBy('updatedAt').last();
      return `${count}:${newest?.updatedAt ?? ''}`;
    });
    if (fingerprint === previous) return;
    previous = fingerprint;
  }
}
