// The only code that talks HTTP to a receiver: where it is, the headers every
// request carries, one request with a time limit on its answer, and the
// connection test the settings offer. What an answer means is not decided here.
import { systemClock, type Clock } from '../lib/clock';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The browser's fetch, looked up at each request. */
export const browserFetch: FetchLike = (url, init) => globalThis.fetch(url, init);

/** The receiver's settings. */
export interface SyncConfig {
  /** The receiver's full URL. */
  endpoint: string;
  token?: string;
}

/** How to reach a receiver, and how long its answer may take. */
export interface Receiver {
  fetch: FetchLike;
  config: SyncConfig;
  clock: Clock;
  timeoutMs: number;
}

export interface ReceiverRequest {
  method: 'GET' | 'POST';
  /** Defaults to the endpoint. */
  url?: string;
  /** JSON. */
  body?: string;
  /** The report's id, which makes sending it again safe: the receiver answers a replay with the original receipt. */
  idempotencyKey?: string;
}

/** The answer and its body as JSON (undefined when it is not JSON), or why none came. */
export type Exchange =
  | { answered: true; response: Response; body: unknown }
  | { answered: false; failure: 'network' | 'timeout' };

class RequestTimeout extends Error {}

/** One request with a time limit on the answer and its body. Never throws. */
export async function exchange({ fetch, config, clock, timeoutMs }: Receiver, request: ReceiverRequest): Promise<Exchange> {
  const init: RequestInit = {
    method: request.method,
    headers: {
      ...(request.body !== undefined && { 'Content-Type': 'application/json' }),
      ...(config.token && { Authorization: `Bearer ${config.token}` }),
      ...(request.idempotencyKey !== undefined && { 'Idempotency-Key': request.idempotencyKey }),
    },
    ...(request.body !== undefined && { body: request.body }),
  };
  const controller = new AbortController();
  let timer: unknown;
  // Raced against the request too, in case a fetch does not honour the signal.
  const deadline = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => {
      reject(new RequestTimeout());
      controller.abort();
    }, timeoutMs);
  });
  try {
    const response = await Promise.race([fetch(request.url ?? config.endpoint, { ...init, signal: controller.signal, cache: 'no-store' }), deadline]);
    const body = await Promise.race([readJson(response), deadline]);
    return { answered: true, response, body };
  } catch (error) {
    return { answered: false, failure: error instanceof RequestTimeout ? 'timeout' : 'network' };
  } finally {
    clock.clearTimeout(timer);
  }
}

/** The body as JSON, or undefined when it is not JSON. Errors while reading it are network errors. */
async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export type ConnectionResult = 'ok' | 'tokenRejected' | 'noAnswer' | 'unexpected';

/** Asks the receiver whether it answers and accepts the token (GET on the endpoint, see docs/sync-protocol.md). */
export async function testConnection(config: SyncConfig, timeoutMs = 10_000): Promise<ConnectionResult> {
  const answer = await exchange({ fetch: browserFetch, config, clock: systemClock, timeoutMs }, { method: 'GET' });
  if (!answer.answered) return 'noAnswer';
  const { status, ok } = answer.response;
  if (status === 401 || status === 403) return 'tokenRejected';
  return ok ? 'ok' : 'unexpected';
}
