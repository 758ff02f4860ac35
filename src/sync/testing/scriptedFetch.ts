// A fetch for tests that records every report request and answers as the test
// scripts it. The GET that asks whether the receiver takes batches is answered
// here, from the options, and only counted; a GET of the status route is
// recorded and answered by the options' `statuses` (404 without).
import { SCHEMA_VERSION, type BatchLimits } from '../../contract/protocol';
import type { ReportEnvelope } from '../../contract/envelope';
import type { FetchLike } from '../transport';

export type Envelope = ReportEnvelope;

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The report sent; for a batch, its first report (see reports). */
  body: Envelope;
  /** Every report in the request: one, or a batch's. */
  reports: Envelope[];
  /** A POST to the batch route. */
  batch: boolean;
  signal: AbortSignal | undefined;
  /** Set once the script decided this request gets no answer (see hangUntilAborted). */
  hanging?: boolean;
}

export type Responder = (request: RecordedRequest, index: number) => Response | Promise<Response>;

export interface ScriptedFetch {
  fetch: FetchLike;
  requests: RecordedRequest[];
  /** Requests whose answer has not come yet. */
  readonly inFlight: number;
  /** The most requests ever in flight at once. */
  readonly maxInFlight: number;
  /**
   * Requests in flight that are being answered (not hanging). While there are
   * any, a test must not move the fake clock on, or it would time out a
   * request that was about to be answered.
   */
  readonly answering: number;
  /** How many requests were made for each report id (a batch counts for each of its reports). */
  countById(): Map<string, number>;
  /** How many times the sender asked whether the receiver takes batches. */
  readonly asked: number;
  /** The GETs of the status route, in order. */
  statusRequests: StatusRequest[];
}

/** A GET of the status route (docs/sync-protocol.md, "Statuses"). */
export interface StatusRequest {
  url: URL;
  headers: Record<string, string>;
  /** The ids asked about, in the order sent. */
  ids: string[];
}

export interface ScriptedFetchOptions {
  /**
   * What the receiver's GET answer says it takes; undefined: it says nothing
   * of batches, as older receivers; "no answer": the GET hangs until aborted.
   */
  batches?: BatchLimits | 'no answer';
  /** Answers a GET of the status route. */
  statuses?: (request: StatusRequest) => Response | Promise<Response>;
}

export function scriptedFetch(respond: Responder, { batches, statuses }: ScriptedFetchOptions = {}): ScriptedFetch {
  const requests: RecordedRequest[] = [];
  const statusRequests: StatusRequest[] = [];
  const pending = new Set<RecordedRequest>();
  let inFlight = 0;
  let maxInFlight = 0;
  let asked = 0;
  const fetch: FetchLike = async (url, init) => {
    if ((init.method ?? 'GET') === 'GET' && new URL(url).pathname.endsWith('/status')) {
      const parsed = new URL(url);
      const request: StatusRequest = {
        url: parsed,
        headers: Object.fromEntries(new Headers(init.headers).entries()),
        ids: (parsed.searchParams.get('ids') ?? '').split(',').filter(Boolean),
      };
      statusRequests.push(request);
      return statuses ? statuses(request) : jsonResponse(404, { error: 'not_found' });
    }
    if ((init.method ?? 'GET') === 'GET') {
      asked += 1;
      if (batches === 'no answer') {
        return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
      }
      return jsonResponse(200, { ok: true, schemaVersion: SCHEMA_VERSION, ...(batches && { batch: batches }) });
    }
    const batch = new URL(url).pathname.endsWith('/batch');
    const parsed = JSON.parse(String(init.body)) as Envelope & { reports: Envelope[] };
    const reports = batch ? parsed.reports : [parsed];
    const request: RecordedRequest = {
      url,
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: reports[0] as Envelope,
      reports,
      batch,
      signal: init.signal ?? undefined,
    };
    const index = requests.push(request) - 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    pending.add(request);
    try {
      return await respond(request, index);
    } finally {
      inFlight -= 1;
      pending.delete(request);
    }
  };
  return {
    fetch,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get answering() {
      return [...pending].filter((request) => !request.hanging).length;
    },
    countById() {
      const counts = new Map<string, number>();
      for (const { id } of requests.flatMap((request) => request.reports)) counts.set(id, (counts.get(id) ?? 0) + 1);
      return counts;
    },
    get asked() {
      return asked;
    },
    statusRequests,
  };
}

export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  const nullBody = status === 204 || status === 205 || status === 304;
  return new Response(body === undefined || nullBody ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** A request that never gets an answer: it ends only when the sender aborts it. */
export function hangUntilAborted(request: RecordedRequest): Promise<never> {
  request.hanging = true;
  return new Promise((_, reject) => {
    request.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted', 'AbortError')));
  });
}

/** A request that never ends, whatever the sender does (a fetch that ignores its abort signal). */
export function hangForever(request: RecordedRequest): Promise<never> {
  request.hanging = true;
  return new Promise(() => undefined);
}

export class NetworkError extends TypeError {
  constructor() {
    super('fetch failed');
  }
}
