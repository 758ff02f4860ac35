// The agency's promises to the reporter, as the first mandatory-reporting app
// made them (Chongqing Jiulongpo, 2020; DOMAIN.md): a reply within 3 days, a
// result within 3 months, each counted from the acknowledgement. A report past
// either is marked on the outbox and counted on the home screen: yellow for no
// reply, red for no result, the worse of the two when both apply. The
// promises themselves are the contract's (src/contract/reportStatus.ts).
import { replyDueAt, resultDueAt } from '../contract/reportStatus';
import { db as appDb, type AwaitedAnswer, type OutboxItem, type ShouhuDatabase } from '../storage/db';
import { requireSession } from '../vault/session';

export type StatusMark = 'noReply' | 'noResult';

/**
 * The mark of a report that awaits `awaiting` since it was acknowledged (ISO
 * time), at `now`: none until a promise is past; a closed report (nothing
 * awaited) has none.
 */
export function statusMark(awaiting: AwaitedAnswer | undefined, acknowledgedAt: string | undefined, now: number): StatusMark | undefined {
  if (awaiting === undefined || acknowledgedAt === undefined) return undefined;
  const since = Date.parse(acknowledgedAt);
  if (!Number.isFinite(since)) return undefined;
  if (now > resultDueAt(since)) return 'noResult';
  if (awaiting === 'reply' && now > replyDueAt(since)) return 'noReply';
  return undefined;
}

export const markOf = (item: Pick<OutboxItem, 'awaiting' | 'acknowledgedAt'>, now: number): StatusMark | undefined =>
  statusMark(item.awaiting, item.acknowledgedAt, now);

export interface MarkCounts {
  noReply: number;
  noResult: number;
}

/**
 * A profile's reports marked at `now`, from the keys of one index: a tablet
 * keeps thousands of acknowledged reports, and none is read.
 */
export async function countMarks(db: ShouhuDatabase, profileId: string, now: number): Promise<MarkCounts> {
  const keys = await db.outbox
    .where('[profileId+awaiting+acknowledgedAt]')
    .between([profileId, 'reply', ''], [profileId, 'result', '\uffff'], true, true)
    .keys();
  const counts: MarkCounts = { noReply: 0, noResult: 0 };
  for (const key of keys) {
    const [, awaiting, acknowledgedAt] = key as unknown as [string, AwaitedAnswer, string];
    const mark = statusMark(awaiting, acknowledgedAt, now);
    if (mark) counts[mark] += 1;
  }
  return counts;
}

/** The unlocked profile's reports marked at `now`. */
export const countOwnMarks = (now: number): Promise<MarkCounts> => countMarks(appDb, requireSession().profileId, now);
