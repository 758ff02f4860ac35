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
