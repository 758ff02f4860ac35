// The inbox's requests to the receiver that serves it (docs/sync-protocol.md,
// "Statuses"): its own origin only, with the officer credential. Each fetcher
// returns an outcome and never throws; an answer is used only after its shape
// is checked, member by member.
import { REPORT_STATUSES, type InboxPage, type InboxReport, type ReferralDepartment, type ReportStatus, type SetStatus } from '../contract/reportStatus';
import { isReportId } from '../contract/reportId';

/** A stored report as the inbox gets it. `schemaVersion` is the envelope's, when the receiver passes it on. */
export type InboxEntry = InboxReport & { schemaVersion?: number };

export type InboxProblem =
  /** 401 or 403: the officer credential is not accepted. */
  | { kind: 'unauthorized'; status: number }
  /** No answer at all: the network, or the receiver is down. */
  | { kind: 'unreachable' }
  /** 409: the status cannot follow the current one, which someone else has just changed. */
  | { kind: 'conflict' }
  | { kind: 'not_found' }
  /** Another 4xx: the receiver's own sentence says why. */
  | { kind: 'refused'; status: number; message: string }
  /** A 5xx, or an answer that is not what the route answers. */
  | { kind: 'bad_answer'; status: number };

export type InboxOutcome<T> = { ok: true; value: T } | { ok: false; problem: InboxProblem };

/** What the officer asks the list for. */
export interface InboxQuery {
  before?: string;
  status?: ReportStatus;
  /** Only reports with no reply yet after three days. */
  noReply?: boolean;
}

export interface StatusRequest {
  status: SetStatus;
  referredTo?: ReferralDepartment;
  note?: string;
}

/** The routes, on the page's own origin: the receiver serves the page. */
const REPORTS = '/api/inbox/reports';
/** As the tablet: a request that has not been answered in this time has failed. */
const REQUEST_TIMEOUT_MS = 30_000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max = 1024): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;
const isTime = (value: unknown): value is string => isText(value, 40) && Number.isFinite(Date.parse(value));

/** One report of an answer, or undefined when any member is missing or malformed. */
export function inboxEntryIn(value: unknown): InboxEntry | undefined {
  if (!isObject(value)) return undefined;
  const { id, reference, createdAt, submittedAt, contentHash, sealedReport, receiptId, receivedAt, status, history, schemaVersion } = value;
  if (typeof id !== 'string' || !isReportId(id) || !isText(reference, 32) || !isTime(createdAt) || !isTime(submittedAt)) return undefined;
  if (!isText(contentHash, 80) || typeof sealedReport !== 'string' || !isText(receiptId, 100) || !isTime(receivedAt)) return undefined;
  if (typeof status !== 'string' || !(REPORT_STATUSES as readonly string[]).includes(status)) return undefined;
  if (!Array.isArray(history) || !history.every((change) => typeof change === 'string')) return undefined;
  if (schemaVersion !== undefined && !Number.isSafeInteger(schemaVersion)) return undefined;
  return {
    id,
    reference,
    createdAt,
    submittedAt,
    contentHash,
    sealedReport,
    receiptId,
    receivedAt,
    status: status as ReportStatus,
    history: history as string[],
    ...(typeof schemaVersion === 'number' ? { schemaVersion } : {}),
  };
}

/** A page of the list; a report of it that is malformed is kept as `undefined` in its place, so that it is shown as such, not dropped. */
export interface InboxPageRead {
  reports: (InboxEntry | undefined)[];
  next?: string;
  total: number;
}

export function inboxPageIn(value: unknown): InboxPageRead | undefined {
  if (!isObject(value) || !Array.isArray(value.reports)) return undefined;
  const { next, total } = value as Partial<InboxPage>;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) return undefined;
  if (next !== undefined && !isText(next)) return undefined;
  return { reports: value.reports.map(inboxEntryIn), total, ...(next === undefined ? {} : { next }) };
}

async function request(credential: string, path: string, init: RequestInit = {}): Promise<{ ok: true; response: Response } | { ok: false; problem: InboxProblem }> {
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      // No credential: a proxy in front signs the officer in and adds its own (docs/deployment.md, single sign-on).
      headers: { ...init.headers, ...(credential ? { Authorization: `Bearer ${credential}` } : {}) },
      // The answers hold sealed reports: nothing of them goes into the browser's cache.
      cache: 'no-store',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return { ok: false, problem: { kind: 'unreachable' } };
  }
  if (response.ok) return { ok: true, response };
  if (response.status === 401 || response.status === 403) return { ok: false, problem: { kind: 'unauthorized', status: response.status } };
  if (response.status === 404) return { ok: false, problem: { kind: 'not_found' } };
  if (response.status === 409) return { ok: false, problem: { kind: 'conflict' } };
  if (response.status >= 400 && response.status < 500) {
    const body = (await response.json().catch(() => undefined)) as unknown;
    const message = isObject(body) && isText(body.message, 500) ? body.message : response.statusText;
    return { ok: false, problem: { kind: 'refused', status: response.status, message } };
  }
  return { ok: false, problem: { kind: 'bad_answer', status: response.status } };
}

async function jsonOf<T>(response: Response, read: (value: unknown) => T | undefined): Promise<InboxOutcome<T>> {
  const value = read(await response.json().catch(() => undefined));
  return value === undefined ? { ok: false, problem: { kind: 'bad_answer', status: response.status } } : { ok: true, value };
}

/** A page of received reports, newest first (INBOX_PAGE_SIZE at most). */
export async function listInboxReports(credential: string, query: InboxQuery, limit: number): Promise<InboxOutcome<InboxPageRead>> {
  const search = new URLSearchParams({ limit: String(limit) });
  if (query.before !== undefined) search.set('before', query.before);
  if (query.status !== undefined) search.set('status', query.status);
  if (query.noReply) search.set('noReply', '1');
  const sent = await request(credential, `${REPORTS}?${search}`);
  return sent.ok ? jsonOf(sent.response, inboxPageIn) : sent;
}

/** One report with its whole status history. */
export async function getInboxReport(credential: string, id: string): Promise<InboxOutcome<InboxEntry>> {
  const sent = await request(credential, `${REPORTS}/${encodeURIComponent(id)}`);
  if (!sent.ok) return sent;
  const read = await jsonOf(sent.response, inboxEntryIn);
  // The answer must be about the report asked for.
  return read.ok && read.value.id !== id ? { ok: false, problem: { kind: 'bad_answer', status: sent.response.status } } : read;
}

/** Sets the next status; the answer is the signed change, as a compact JWS. */
export async function setReportStatus(credential: string, id: string, change: StatusRequest): Promise<InboxOutcome<string>> {
  const body: StatusRequest = {
    status: change.status,
    ...(change.status === 'referred' && change.referredTo ? { referredTo: change.referredTo } : {}),
    ...(change.note?.trim() ? { note: change.note.trim() } : {}),
  };
  const sent = await request(credential, `${REPORTS}/${encodeURIComponent(id)}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!sent.ok) return sent;
  return jsonOf(sent.response, (value) => (isObject(value) && isText(value.change, 4096) ? value.change : undefined));
}
