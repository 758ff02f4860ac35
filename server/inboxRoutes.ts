// The officers' routes (docs/sync-protocol.md, "Statuses"): the inbox lists
// stored reports with where each stands, opens one with its whole history,
// and sets a status. Each change is signed with the agency's key and
// appended to the report's history; none is ever changed afterwards. The
// handler lets only the officer credential in (route access "officer").
import { SIGNED_TYPES } from '../src/contract/agencySignature';
import { isReportId } from '../src/contract/reportId';
import {
  canFollow,
  INBOX_PAGE_SIZE,
  REPORT_STATUSES,
  type InboxPage,
  type InboxReport,
  type ReportStatus,
  type StatusChange,
} from '../src/contract/reportStatus';
import type { Signer } from './agencySigner';
import { problem, type JsonAnswer } from './answer';
import { payloadTooLarge } from './apiRoutes';
import { readBody } from './body';
import type { Route } from './route';
import { statusRequestIn } from './statusRequest';
import type { InboxCursor, InboxQuery, ReportStore, StatusEntry, StoredReport } from './store';

export interface InboxRoutesOptions {
  store: ReportStore;
  /** Signs every status change, as it signs acknowledgements. */
  signer: Signer;
  /** The agency's name, as its signed statements say it. */
  agencyName: string;
  /** The receiver's clock: when a change is set. */
  now: () => number;
}

/** The most reports one page may hold. */
export const MAX_INBOX_PAGE_SIZE = 100;
/** A status change's body is a few hundred bytes; a note of 500 characters escaped as \uXXXX stays under 4 KB. */
const STATUS_BODY_LIMIT_BYTES = 16 * 1024;
const MAX_CURSOR_CHARS = 200;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const badQuery = (message: string): { answer: JsonAnswer } => ({ answer: problem(400, 'invalid_query', message) });
const notFound = (): JsonAnswer => problem(404, 'not_found', 'No report is stored under this id.');

/** The cursor of the page after `report`: opaque to the client, base64url of [receivedAt, id]. */
export const cursorAfter = (report: StoredReport): string =>
  Buffer.from(JSON.stringify([report.receivedAt, report.envelope.id])).toString('base64url');

function cursorIn(text: string): InboxCursor | undefined {
  if (text.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
    const [receivedAt, id] = parsed as unknown[];
    if (typeof receivedAt !== 'string' || !ISO_INSTANT.test(receivedAt) || !Number.isFinite(Date.parse(receivedAt))) return undefined;
    return typeof id === 'string' && isReportId(id) ? { receivedAt, id } : undefined;
  } catch {
    return undefined;
  }
}

/** A query parameter given at most once; `false` when it is repeated. */
function single(query: URLSearchParams, name: string): string | undefined | false {
  const values = query.getAll(name);
  return values.length > 1 ? false : values[0];
}

const isReportStatus = (value: string): value is ReportStatus => (REPORT_STATUSES as readonly string[]).includes(value);

/** The page asked for, or the answer already: a refusal, or an empty page when the filters contradict each other. */
function pageQueryIn(query: URLSearchParams): { query: InboxQuery } | { answer: JsonAnswer } {
  const limit = single(query, 'limit');
  const before = single(query, 'before');
  const status = single(query, 'status');
  const noReply = single(query, 'noReply');
  if (limit === false || before === false || status === false || noReply === false) return badQuery('Each parameter may be given once.');
  if (limit !== undefined && (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_INBOX_PAGE_SIZE)) {
    return badQuery(`limit must be a whole number from 1 to ${MAX_INBOX_PAGE_SIZE}.`);
  }
  const cursor = before === undefined ? undefined : cursorIn(before);
  if (before !== undefined && !cursor) return badQuery('before is not a cursor this receiver gave.');
  if (status !== undefined && !isReportStatus(status)) return badQuery(`status must be one of ${REPORT_STATUSES.join(', ')}.`);
  if (noReply !== undefined && noReply !== '1' && noReply !== '0') return badQuery('noReply must be 1 or 0.');
  // "No reply yet" is the status "received": with any other status, nothing matches.
  if (noReply === '1' && status !== undefined && status !== 'received') {
    return { answer: { status: 200, body: { reports: [], total: 0 } satisfies InboxPage } };
  }
  const filter = noReply === '1' ? 'received' : status;
  return {
    query: {
      limit: limit === undefined ? INBOX_PAGE_SIZE : Number(limit),
      ...(cursor && { before: cursor }),
      ...(filter !== undefined && { status: filter }),
    },
  };
}

function inboxReport(stored: StoredReport, history: readonly StatusEntry[], latest: StatusEntry | undefined): InboxReport {
  const { id, reference, createdAt, submittedAt, contentHash, sealedReport } = stored.envelope;
  return {
    id,
    reference,
    createdAt,
    submittedAt,
    contentHash,
    sealedReport,
    receiptId: stored.receiptId,
    receivedAt: stored.receivedAt,
    status: latest?.status ?? 'received',
    history: history.map((entry) => entry.change),
  };
}

export function inboxRoutes({ store, signer, agencyName, now }: InboxRoutesOptions): Route[] {
  async function listReports(query: URLSearchParams): Promise<JsonAnswer> {
    const asked = pageQueryIn(query);
    if ('answer' in asked) return asked.answer;
    const pageQuery = asked.query;
    // One more than asked: whether there is a next page.
    const [rows, total] = await Promise.all([store.inboxPage({ ...pageQuery, limit: pageQuery.limit + 1 }), store.countReports(pageQuery.status)]);
    const shown = rows.slice(0, pageQuery.limit);
    const last = shown.at(-1);
    const body: InboxPage = {
      reports: shown.map(({ report, latest }) => inboxReport(report, latest ? [latest] : [], latest)),
      ...(rows.length > pageQuery.limit && last && { next: cursorAfter(last.report) }),
      total,
    };
    return { status: 200, body, logDetail: `reports=${shown.length}` };
  }

  async function showReport(id: string | undefined): Promise<JsonAnswer> {
    const found = id !== undefined && isReportId(id) ? await store.findWithHistory(id) : undefined;
    if (!found) return notFound();
    return { status: 200, body: inboxReport(found.report, found.history, found.history.at(-1)) };
  }

  async function setStatus(id: string | undefined, body: string): Promise<JsonAnswer> {
    const asked = statusRequestIn(body);
    if ('answer' in asked) return asked.answer;
    const found = id !== undefined && isReportId(id) ? await store.findWithHistory(id) : undefined;
    if (!found) return notFound();
    const latest = found.history.at(-1);
    const current = latest?.status ?? 'received';
    if (!canFollow(current, asked.status)) {
      return problem(409, 'status_conflict', `A report that is "${current}" cannot become "${asked.status}".`);
    }
    const change: StatusChange = {
      id: found.report.envelope.id,
      reference: found.report.envelope.reference,
      status: asked.status,
      ...(asked.referredTo !== undefined && { referredTo: asked.referredTo }),
      ...(asked.note !== undefined && { note: asked.note }),
      at: new Date(now()).toISOString(),
      seq: (latest?.seq ?? 0) + 1,
      agency: agencyName,
    };
    const signed = await signer.sign(SIGNED_TYPES.status, change);
    const { id: reportId, reference: _reference, agency: _agency, ...kept } = change;
    // The place (report, seq) decides: of two changes made from the same status at once, the second finds it taken.
    if (!(await store.appendStatus({ reportId, ...kept, change: signed }))) {
      return problem(409, 'status_conflict', 'Another change to this report was made first; reload it and try again.');
    }
    return { status: 201, body: { change: signed }, logDetail: `status=${change.status} seq=${change.seq}` };
  }

  return [
    {
      template: '/api/inbox/reports',
      access: 'officer',
      methods: { GET: ({ query }) => listReports(query) },
    },
    {
      template: '/api/inbox/reports/:id',
      access: 'officer',
      methods: { GET: ({ param }) => showReport(param) },
    },
    {
      template: '/api/inbox/reports/:id/status',
      access: 'officer',
      methods: {
        POST: async ({ req, param }) => {
          const body = await readBody(req, STATUS_BODY_LIMIT_BYTES);
          return body.ok ? setStatus(param, body.text) : payloadTooLarge(STATUS_BODY_LIMIT_BYTES);
        },
      },
    },
  ];
}
