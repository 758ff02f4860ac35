// Counting reports by status from the indexes alone. A tablet keeps thousands
// of acknowledged reports; these counts read none of them, so the badge and
// the screens that show them stay cheap while the sync engine writes.
import type { OutboxStatus, ShouhuDatabase } from './db';

/** Every status but "acknowledged": waiting to be sent, or needing attention. */
export const NOT_ACKNOWLEDGED: readonly OutboxStatus[] = ['queued', 'sending', 'rejected', 'paused', 'conflict'];

export interface ProfileCounts {
  /** All of the profile's reports. */
  total: number;
  /** Those not yet acknowledged by the receiver (waiting, or needing attention). */
  unacknowledged: number;
}

/** A profile's reports, all and not yet acknowledged. */
export function countProfileReports(db: ShouhuDatabase, profileId: string): Promise<ProfileCounts> {
  return db.transaction('r', db.outbox, async () => {
    const [total, acknowledged] = await Promise.all([
      db.outbox.where('profileId').equals(profileId).count(),
      db.outbox.where('[profileId+status]').equals([profileId, 'acknowledged']).count(),
    ]);
    return { total, unacknowledged: total - acknowledged };
  });
}

/** A profile's reports not yet acknowledged by the receiver. */
export async function countUnacknowledged(db: ShouhuDatabase, profileId: string): Promise<number> {
  return (await countProfileReports(db, profileId)).unacknowledged;
}

/** Reports on the whole tablet not yet acknowledged, whoever filed them. */
export function countUnacknowledgedOnTablet(db: ShouhuDatabase): Promise<number> {
  return db.transaction('r', db.outbox, async () => {
    const [all, acknowledged] = await Promise.all([db.outbox.count(), db.outbox.where('status').equals('acknowledged').count()]);
    return all - acknowledged;
  });
}
