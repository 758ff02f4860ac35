// A fetch for tests that records every request and answers as the test scripts it.
import type { FetchLike } from '../sendReport';

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: { id: string; contentHash: string; schemaVersion: number; reference: string; report: unknown } & Record<string, unknown>;
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
  /** How many requests were made for each report id. */
  countById(): Map<string, number>;
}

export function scriptedFetch(respond: Responder): ScriptedFetch {
  const requests: RecordedRequest[] = [];
  const pending = new Set<RecordedRequest>();
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch: FetchLike = async (url, init) => {
    const request: RecordedRequest = {
      url,
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      body: JSON.parse(String(init.body)) as RecordedRequest['body'],
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
      for (const request of requests) counts.set(request.body.id, (counts.get(request.body.id) ?? 0) + 1);
      return counts;
    },
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
