// The agency's promises to the reporter, as the first mandatory-reporting app
// made them (Chongqing Jiulongpo, 2020; DOMAIN.md): a reply within 3 days, a
// result within 3 months, each counted from the acknowledgement. A report past
// either is marked on the outbox and counted on the home screen: yellow for no
// reply, red for no result, the worse of the two when both apply.
import { db as appDb, type AwaitedAnswer, type OutboxItem, type ShouhuDatabase } from '../storage/db';
import { requireSession } from '../vault/session';

const DAY_MS = 24 * 3600_000;
export const REPLY_WITHIN_DAYS = 3;
export const RESULT_WITHIN_MONTHS = 3;

export type StatusMark = 'noReply' | 'noResult';

/** When a report acknowledged at `acknowledgedAt` (ms) is late for a first reply. */
export const replyDueAt = (acknowledgedAt: number): number => acknowledgedAt + REPLY_WITHIN_DAYS * DAY_MS;

/**
 * When it is late for a result: three calendar months on (in UTC), on the
 * same day of the month, or the month's last day when it has no such day
 * (31 January → 30 April).
 */
export function resultDueAt(acknowledgedAt: number): number {
  const from = new Date(acknowledgedAt);
  const year = from.getUTCFullYear();
  const month = from.getUTCMonth() + RESULT_WITHIN_MONTHS;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(from.getUTCDate(), lastDay), from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds());
}

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
