// Which reports the tablet asks the receiver about, and when it next has any
// to ask about: the acknowledged reports not yet closed, each at most once an
// hour, those asked longest ago first. Read from the keys of one index
// ([awaiting+statusCheckedAt]), whose records are never read: a closed report
// leaves it, and a tablet keeps thousands of reports.
import type { AwaitedAnswer, ShouhuDatabase } from '../storage/db';
import { pinnedAgencySigningKeys } from '../vault/agencyKeys';

/** A report's status is asked again at most this often. */
export const STATUS_CHECK_INTERVAL_MS = 3600_000;
/** After a status request failed, none is made for this long. */
export const STATUS_RETRY_AFTER_FAILURE_MS = 10 * 60_000;

const AWAITED: readonly AwaitedAnswer[] = ['reply', 'result'];

/** Up to `limit` ids of open reports whose status was last checked at `now - STATUS_CHECK_INTERVAL_MS` or before, oldest checked first. */
export function statusesDue(db: ShouhuDatabase, now: number, limit: number): Promise<string[]> {
  const checkedBy = now - STATUS_CHECK_INTERVAL_MS;
  return db.transaction('r', db.outbox, async () => {
    const due: { checkedAt: number; id: string }[] = [];
    for (const awaiting of AWAITED) {
      const range = () => db.outbox.where('[awaiting+statusCheckedAt]').between([awaiting, -Infinity], [awaiting, checkedBy], true, true).limit(limit);
      const [keys, ids] = await Promise.all([range().keys(), range().primaryKeys()]);
      keys.forEach((key, index) => due.push({ checkedAt: (key as unknown as [string, number])[1], id: ids[index] as string }));
    }
    return due
      .sort((a, b) => a.checkedAt - b.checkedAt)
      .slice(0, limit)
      .map((entry) => entry.id);
  });
}

/** When an open report is next due to be asked about; undefined when none is open, or no answer could be believed (no signing key pinned). */
export async function nextStatusCheckAt(db: ShouhuDatabase): Promise<number | undefined> {
  if ((await pinnedAgencySigningKeys(db)).length === 0) return undefined;
  let earliest: number | undefined;
  for (const awaiting of AWAITED) {
    const [key] = await db.outbox.where('[awaiting+statusCheckedAt]').between([awaiting, -Infinity], [awaiting, Infinity], true, true).limit(1).keys();
    const checkedAt = (key as unknown as [string, number] | undefined)?.[1];
    if (checkedAt !== undefined) earliest = Math.min(earliest ?? checkedAt, checkedAt);
  }
  return earliest === undefined ? undefined : earliest + STATUS_CHECK_INTERVAL_MS;
}
