// What an officer triages a received report by, read from the opened report
// however it came (a report that fails the schema is still read as far as it
// goes), and the reply timers: the Chongqing Jiulongpo practice answers the
// reporter within 3 days and gives a result within 3 months (DOMAIN.md).
import { parseLocalDateTime } from '../contract/time';
import type { ReportStatus } from '../contract/reportStatus';

/** The reporter hears back within this time of the report's receipt. */
export const REPLY_DUE_MS = 3 * 24 * 60 * 60 * 1000;
/** And has a result within this many months. */
export const RESULT_DUE_MONTHS = 3;

export interface TriageFacts {
  /** The reporter's answer to "is the child in immediate danger now". */
  danger: 'yes' | 'no' | 'unknown' | undefined;
  circumstances: string[];
  /** As the tablet recorded it: the reporter's wall clock ("2026-11-22T08:30"). */
  discoveredAt: string | undefined;
  unitType: string | undefined;
  /** Milliseconds from discovery to filing on the tablet, when both are known. */
  discoveryToFilingMs: number | undefined;
}

const sectionOf = (report: unknown, name: string): Record<string, unknown> => {
  const section = typeof report === 'object' && report !== null ? (report as Record<string, unknown>)[name] : undefined;
  return typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : {};
};
const textAt = (section: Record<string, unknown>, name: string): string | undefined => {
  const value = section[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export function triageFacts(report: unknown, submittedAt: string): TriageFacts {
  const incident = sectionOf(report, 'incident');
  const danger = textAt(incident, 'immediateDanger');
  const discoveredAt = textAt(incident, 'discoveredAt');
  const offset = typeof report === 'object' && report !== null ? (report as Record<string, unknown>).utcOffsetMinutes : undefined;
  const discovered = parseLocalDateTime(discoveredAt, typeof offset === 'number' && Number.isFinite(offset) ? offset : 0);
  const filed = Date.parse(submittedAt);
  return {
    danger: danger === 'yes' || danger === 'no' || danger === 'unknown' ? danger : undefined,
    circumstances: Array.isArray(incident.circumstances) ? incident.circumstances.filter((code): code is string => typeof code === 'string') : [],
    discoveredAt,
    unitType: textAt(sectionOf(report, 'reporter'), 'unitType'),
    discoveryToFilingMs: discovered !== undefined && Number.isFinite(filed) && filed >= discovered ? filed - discovered : undefined,
  };
}

/** Nobody has answered the reporter, three days after the report arrived. */
export const awaitingReply = (status: ReportStatus, receivedAt: string, now: number): boolean =>
  status === 'received' && now - Date.parse(receivedAt) > REPLY_DUE_MS;

/** Not closed, three calendar months after the report arrived. */
export function awaitingResult(status: ReportStatus, receivedAt: string, now: number): boolean {
  if (status === 'closed') return false;
  const due = new Date(receivedAt);
  due.setUTCMonth(due.getUTCMonth() + RESULT_DUE_MONTHS);
  return now > due.getTime();
}

/** The same list with the reports of a child in immediate danger first; otherwise in the order given. */
export function dangerFirst<T>(items: readonly T[], inDanger: (item: T) => boolean): T[] {
  return [...items.filter(inDanger), ...items.filter((item) => !inDanger(item))];
}

/** A span of time as its largest whole unit, for "filed 3 h after discovery". */
export function spanOf(ms: number): { unit: 'minutes' | 'hours' | 'days'; count: number } {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}
