// What the lock screen may say about sending, with nobody unlocked: how many
// reports on the tablet wait, and when one last reached the receiver. Counts
// and a time only, never whose reports or what they say.
import { countUnacknowledgedOnTablet } from '../storage/counts';
import { db } from '../storage/db';
import { readSyncSuccess } from '../storage/lastSyncSuccess';

export interface TabletSendingStatus {
  /** Reports of every profile not yet acknowledged. */
  waiting: number;
  /** When a report last reached the receiver (ms since the epoch), if ever. */
  lastReceivedAt: number | undefined;
}

export async function tabletSendingStatus(): Promise<TabletSendingStatus> {
  const [waiting, lastReceivedAt] = await Promise.all([countUnacknowledgedOnTablet(db), readSyncSuccess(db)]);
  return { waiting, lastReceivedAt };
}
