// A status history entry as either engine returns its row: the same columns,
// `at` as text (SQLite) or a Date (PostgreSQL's timestamptz).
import type { ReferralDepartment, SetStatus } from '../src/contract/reportStatus';
import type { StatusEntry } from './store';

export interface StatusRow {
  report_id: string;
  seq: number;
  status: string;
  referred_to: string | null;
  note: string | null;
  at: string | Date;
  change: string;
}

/** A report's latest status beside its row, each column prefixed "s_": all null while it is still "received". */
export type LatestStatusColumns = { [Column in keyof StatusRow as `s_${Column}`]: StatusRow[Column] | null };

/** The select list of LatestStatusColumns, from a history entry aliased `s`. */
export const LATEST_STATUS_SELECT =
  's.report_id AS s_report_id, s.seq AS s_seq, s.status AS s_status, s.referred_to AS s_referred_to, s.note AS s_note, s.at AS s_at, s.change AS s_change';

export const statusFromRow = (row: StatusRow): StatusEntry => ({
  reportId: row.report_id,
  seq: row.seq,
  // The table's CHECK constraints admit nothing else.
  status: row.status as SetStatus,
  ...(row.referred_to === null ? {} : { referredTo: row.referred_to as ReferralDepartment }),
  ...(row.note === null ? {} : { note: row.note }),
  at: typeof row.at === 'string' ? row.at : row.at.toISOString(),
  change: row.change,
});

export function latestStatusIn(row: LatestStatusColumns): StatusEntry | undefined {
  const { s_report_id, s_seq, s_status, s_referred_to, s_note, s_at, s_change } = row;
  if (s_report_id === null || s_seq === null || s_status === null || s_at === null || s_change === null) return undefined;
  return statusFromRow({ report_id: s_report_id, seq: s_seq, status: s_status, referred_to: s_referred_to, note: s_note, at: s_at, change: s_change });
}
