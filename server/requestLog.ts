// One line per request. Only the route (never a report id from the path), the
// status and the time taken: no report content, no token, no client address.

export interface RequestLogEntry {
  at: Date;
  method: string;
  /** The route template, e.g. "/api/reports/:id". */
  route: string;
  /** The HTTP status, or "dropped" when the connection closed without an answer. */
  status: number | 'dropped';
  durationMs: number;
  /** The error code of an unexpected failure (e.g. "SQLITE_FULL"), never its message. */
  errorCode?: string;
  /** What the route adds (JsonAnswer.logDetail). */
  detail?: string;
}

export function formatRequestLog(entry: RequestLogEntry): string {
  const error = entry.errorCode ? ` error=${entry.errorCode}` : '';
  const detail = entry.detail ? ` ${entry.detail}` : '';
  return `${entry.at.toISOString()} ${entry.method} ${entry.route} ${entry.status} ${Math.round(entry.durationMs)}ms${detail}${error}`;
}

/** A batch's log detail, "results=201x18,200x2": how many of its reports got each status. */
export function batchResultsDetail(statuses: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return `results=${[...counts].map(([status, count]) => `${status}x${count}`).join(',')}`;
}

/** What a log line's batch detail says: reports by status (empty for a line without one). */
export function batchResultsIn(line: string): Map<number, number> {
  const detail = / results=(\S+)/.exec(line)?.[1] ?? '';
  const counts = new Map<number, number>();
  for (const [status, count] of detail.split(',').map((entry) => entry.split('x'))) {
    if (status && count) counts.set(Number(status), Number(count));
  }
  return counts;
}
