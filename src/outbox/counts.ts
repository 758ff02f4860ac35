// Counting reports by status from the indexes alone. A tablet keeps thousands
// of acknowledged reports; these counts read none of them, so the badge and
// the screens that show them stay cheap while the sync engine writes.
import type { OutboxStatus, ShouhuDatabase } from './db';

/** Every status but "acknowledged": waiting to be sent, or needing attention. */
export const NOT_ACKNOWLEDGED: readonly OutboxStatus[] = ['queued', 'sending', 'rejected', 'paused', 'conflict'];

/** A profile's reports not yet acknowledged by the receiver. */
export function countUnacknowledged(db: ShouhuDatabase, profileId: string): Promise<number> {
  return db.transaction('r', db.outbox, async () => {
    const [all, acknowledged] = await Promise.all([
      db.outbox.where('profileId').equals(profileId).count(),
      db.outbox.where('[profileId+status]').equals([profileId, 'acknowledged']).count(),
    ]);
    return all - acknowledged;
  });
}

/** Reports on the whole tablet not yet acknowledged, whoever filed them. */
export function countUnacknowledgedOnTablet(db: ShouhuDatabase): Promise<number> {
  return db.transaction('r', db.outbox, async () => {
    const [all, acknowledged] = await Promise.all([db.outbox.count(), db.outbox.where('status').equals('acknowledged').count()]);
    return all - acknowledged;
  });
}
