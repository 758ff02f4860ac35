// The 3-day and 3-month marks, to the millisecond, and their counts per profile.
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../storage/db';
import { freshDatabase } from '../storage/testing/fixtures';
import { resultDueAt } from '../contract/reportStatus';
import { countMarks, statusMark } from './statusTimers';

const ACKNOWLEDGED = '2026-01-10T02:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('no reply after 3 days', () => {
  const replyDue = at('2026-01-13T02:00:00.000Z');
  it('not at 3 days to the millisecond; from the next', () => {
    expect(statusMark('reply', ACKNOWLEDGED, replyDue)).toBeUndefined();
    expect(statusMark('reply', ACKNOWLEDGED, replyDue + 1)).toBe('noReply');
  });
  it('not for a report the agency has replied to', () => {
    expect(statusMark('result', ACKNOWLEDGED, replyDue + 1)).toBeUndefined();
  });
});

describe('no result after 3 months', () => {
  const resultDue = at('2026-04-10T02:00:00.000Z');
  it('not at 3 months to the millisecond; from the next, replied to or not', () => {
    expect(statusMark('result', ACKNOWLEDGED, resultDue)).toBeUndefined();
    expect(statusMark('result', ACKNOWLEDGED, resultDue + 1)).toBe('noResult');
    // Without a reply either: the worse mark.
    expect(statusMark('reply', ACKNOWLEDGED, resultDue)).toBe('noReply');
    expect(statusMark('reply', ACKNOWLEDGED, resultDue + 1)).toBe('noResult');
  });
  it('a closed report has no mark', () => {
    expect(statusMark(undefined, ACKNOWLEDGED, resultDue + 1)).toBeUndefined();
  });
  it.each([
    ['2026-01-31T16:00:00.000Z', '2026-04-30T16:00:00.000Z'],
    ['2026-11-30T08:00:00.000Z', '2027-02-28T08:00:00.000Z'],
    ['2027-11-30T08:00:00.000Z', '2028-02-29T08:00:00.000Z'],
    ['2026-10-15T23:59:59.999Z', '2027-01-15T23:59:59.999Z'],
  ])('counted in calendar months: %s → %s (the month\'s last day when it has no such day)', (from, due) => {
    expect(new Date(resultDueAt(at(from))).toISOString()).toBe(due);
  });
});

describe('counts', () => {
  it("count each of a profile's marks at a time, from the index alone, as the list marks them", async () => {
    const { db } = freshDatabase('marks');
    const now = at('2026-05-01T00:00:00.000Z');
    let n = 0;
    const report = (profileId: string, awaiting: OutboxItem['awaiting'], acknowledgedAt: string): OutboxItem => ({
      id: `r${++n}`,
      reference: 'R',
      createdAt: acknowledgedAt,
      submittedAt: acknowledgedAt,
      status: 'acknowledged',
      profileId,
      contentHash: '',
      attempts: 1,
      nextAttemptAt: 0,
      acknowledgedAt,
      statusCheckedAt: 0,
      ...(awaiting && { awaiting }),
    });
    const reports = [
      report('p1', 'reply', '2026-04-27T23:59:59.999Z'), // 3 days ago and a millisecond: no reply
      report('p1', 'reply', '2026-04-28T00:00:00.000Z'), // exactly 3 days ago: not yet
      report('p1', 'result', '2026-04-01T00:00:00.000Z'), // replied: no mark
      report('p1', 'result', '2026-01-31T23:59:59.999Z'), // due 2026-04-30T23:59:59.999Z: no result
      report('p1', 'reply', '2026-01-15T00:00:00.000Z'), // no reply in 3 months: no result
      report('p1', undefined, '2025-01-01T00:00:00.000Z'), // closed
      report('p2', 'reply', '2026-01-01T00:00:00.000Z'), // a colleague's
    ];
    await db.outbox.bulkAdd(reports);
    expect(await countMarks(db, 'p1', now)).toEqual({ noReply: 1, noResult: 2 });
    expect(await countMarks(db, 'p2', now)).toEqual({ noReply: 0, noResult: 1 });
    const marks = reports.filter((item) => item.profileId === 'p1').map((item) => statusMark(item.awaiting, item.acknowledgedAt, now));
    expect(marks).toEqual(['noReply', undefined, undefined, 'noResult', 'noResult', undefined]);
  });
});
