// What an officer triages a received report by, read from the opened report
// however it came (a report that fails the schema is still read as far as it
// goes), and the reply timers (the agency's promises, src/contract/reportStatus.ts).
import { parseLocalDateTime } from '../contract/time';
import { replyDueAt, resultDueAt, type ReportStatus } from '../contract/reportStatus';

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
  status === 'received' && now > replyDueAt(Date.parse(receivedAt));

/** Not closed, three calendar months after the report arrived. */
export function awaitingResult(status: ReportStatus, receivedAt: string, now: number): boolean {
  return status !== 'closed' && now > resultDueAt(Date.parse(receivedAt));
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
