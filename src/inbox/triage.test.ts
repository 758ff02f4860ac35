// What the officer triages by, read from any opened report, and the 3-day and 3-month timers.
import { describe, expect, it } from 'vitest';
import { validReportInput } from '../contract/testing/testReports';
import { awaitingReply, awaitingResult, dangerFirst, spanOf, triageFacts } from './triage';

const DAY = 24 * 3600_000;

describe('triage', () => {
  it('reads danger, circumstances, discovery, the unit and the gap to filing from a report', () => {
    const report = validReportInput({ incident: { immediateDanger: 'yes', circumstances: ['injury_abuse', 'missing_trafficked'], discoveredAt: '2026-01-02T08:00' } });
    // Discovered 08:00 at UTC+8 (00:00 UTC), filed 02:20 UTC: 2 h 20 min later.
    expect(triageFacts(report, '2026-01-02T02:20:00.000Z')).toEqual({
      danger: 'yes',
      circumstances: ['injury_abuse', 'missing_trafficked'],
      discoveredAt: '2026-01-02T08:00',
      unitType: 'school',
      discoveryToFilingMs: 140 * 60_000,
    });
  });

  it('reads what there is of a report that does not fit the schema, and nothing of junk', () => {
    expect(triageFacts({ incident: { immediateDanger: 'maybe', circumstances: 'all', discoveredAt: 7 } }, 'x')).toEqual({
      danger: undefined,
      circumstances: [],
      discoveredAt: undefined,
      unitType: undefined,
      discoveryToFilingMs: undefined,
    });
    expect(triageFacts(null, '2026-01-02T02:20:00.000Z').circumstances).toEqual([]);
  });

  it('marks a report nobody answered three days after it arrived, and one not closed after three months', () => {
    const receivedAt = '2026-01-10T00:00:00.000Z';
    const arrived = Date.parse(receivedAt);
    expect(awaitingReply('received', receivedAt, arrived + 3 * DAY - 1)).toBe(false);
    expect(awaitingReply('received', receivedAt, arrived + 3 * DAY + 1)).toBe(true);
    expect(awaitingReply('accepted', receivedAt, arrived + 30 * DAY)).toBe(false);
    expect(awaitingResult('case_opened', receivedAt, Date.parse('2026-04-09T23:59:00.000Z'))).toBe(false);
    expect(awaitingResult('case_opened', receivedAt, Date.parse('2026-04-10T00:01:00.000Z'))).toBe(true);
    expect(awaitingResult('closed', receivedAt, Date.parse('2027-01-01T00:00:00.000Z'))).toBe(false);
  });

  it('counts three months as the tablet does: from 31 January, late after 30 April, not 1 May', () => {
    const endOfJanuary = '2026-01-31T10:00:00.000Z';
    expect(awaitingResult('accepted', endOfJanuary, Date.parse('2026-04-30T10:00:00.000Z'))).toBe(false);
    expect(awaitingResult('accepted', endOfJanuary, Date.parse('2026-04-30T10:00:00.001Z'))).toBe(true);
  });

  it('puts a child in danger first and keeps the order otherwise', () => {
    const items = [{ n: 1, d: false }, { n: 2, d: true }, { n: 3, d: false }, { n: 4, d: true }];
    expect(dangerFirst(items, (item) => item.d).map((item) => item.n)).toEqual([2, 4, 1, 3]);
  });

  it('says a span in its largest whole unit', () => {
    expect(spanOf(45 * 60_000)).toEqual({ unit: 'minutes', count: 45 });
    expect(spanOf(5 * 3600_000)).toEqual({ unit: 'hours', count: 5 });
    expect(spanOf(3 * DAY + 3600_000)).toEqual({ unit: 'days', count: 3 });
  });
});
