// Every request goes through here: the origin and content-type gates, CORS,
// the token, routing, one log line, and turning an answer (or an unexpected
// failure) into a response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { problem, unavailable, type Answer, type JsonAnswer } from './answer';
import { bearerTokenAccepted } from './auth';
import { corsHeaders, originAllowed, preflightHeaders } from './cors';
import { formatRequestLog } from './requestLog';
import { findRoute, type Method, type Route } from './route';
import { StoreUnavailableError } from './store';

export interface RequestHandlerOptions {
  routes: readonly Route[];
  token: string | undefined;
  allowedOrigins: readonly string[];
  log: (line: string) => void;
}

/** How long a client that keeps sending past a 413 may hold the connection. */
const HANG_UP_GRACE_MS = 1000;

const isMethod = (method: string, route: Route): method is Method => Object.hasOwn(route.methods, method);

function errorCodeOf(error: unknown): string {
  if (error instanceof Error) return 'code' in error && typeof error.code === 'string' ? error.code : error.name;
  return 'unknown';
}

/** "application/json", with or without parameters such as "; charset=utf-8". */
function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** The path of a request target, or undefined for a target no URL can be made of ("//[", "http://["). */
function pathOf(target: string): string | undefined {
  try {
    return new URL(target, 'http://receiver').pathname;
  } catch {
    return undefined;
  }
}

function failureAnswer(error: unknown): JsonAnswer {
  if (error instanceof StoreUnavailableError) return unavailable('unavailable', 'The receiver is busy; try again later.');
  return problem(500, 'internal_error', 'The receiver failed; try again later.');
}

function send(req: IncomingMessage, res: ServerResponse, answer: Answer, cors: Record<string, string>): void {
  if (res.destroyed || req.socket.destroyed) return;
  if (answer === 'drop') {
    req.socket.destroy();
    return;
  }
  const body = answer.body === undefined ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    ...cors,
    'Cache-Control': 'no-store',
    // A 204 carries no body and, by RFC 9110, no Content-Length either.
    ...(body ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    ...(answer.status === 204 ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }),
    ...(answer.closeConnection ? { Connection: 'close' } : {}),
    ...answer.headers,
  });
  res.end(body);
  if (answer.closeConnection) {
    res.once('finish', () => setTimeout(() => req.socket.destroy(), HANG_UP_GRACE_MS).unref());
  }
}

export function createRequestHandler({ routes, token, allowedOrigins, log }: RequestHandlerOptions) {
  function preflight(req: IncomingMessage): JsonAnswer {
    if (req.headers.origin === undefined) return { status: 204, headers: { Allow: 'GET, POST, OPTIONS' } };
    return { status: 204, headers: preflightHeaders(req.headers['access-control-request-private-network'] === 'true') };
  }

  /** `path` is undefined for a target no URL can be made of; `found`, for a path with no route. */
  async function answer(req: IncomingMessage, method: string, path: string | undefined, found: ReturnType<typeof findRoute>): Promise<Answer> {
    // A page on another site can POST here without a preflight (a "simple"
    // request: text/plain, no custom headers). Browsers always send its Origin,
    // so refusing unknown origins here, not only in preflights, stops it.
    // Programs that are not browsers send no Origin and pass.
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, allowedOrigins)) {
      return problem(403, 'origin_not_allowed', 'This origin is not on the receiver\'s allow-list.');
    }
    if (path === undefined) return problem(400, 'malformed_target', 'The request target is not a valid path.');
    if (method === 'OPTIONS') return preflight(req);
    if (!found) return problem(404, 'not_found', 'No such route.');
    const { route, param } = found;
    if (!isMethod(method, route)) {
      return {
        ...problem(405, 'method_not_allowed', 'This method is not allowed here.'),
        headers: { Allow: [...Object.keys(route.methods), 'OPTIONS'].join(', ') },
      };
    }
    // Only JSON is taken: a browser must then preflight any cross-site POST.
    if (method === 'POST' && !isJson(req.headers['content-type'])) {
      return problem(415, 'unsupported_media_type', 'The body must be sent as Content-Type: application/json.');
    }
    if (route.requiresToken && !bearerTokenAccepted(req.headers.authorization, token)) {
      return {
        ...problem(401, 'unauthorized', 'A valid bearer token is required.'),
        headers: { 'WWW-Authenticate': 'Bearer' },
      };
    }
    const handle = route.methods[method];
    if (!handle) throw new Error('unreachable: method checked above');
    return handle({ req, param });
  }

  return async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const method = req.method ?? 'GET';
    let route = '(no route)';
    let errorCode: string | undefined;
    let detail: string | undefined;
    res.once('close', () =>
      log(
        formatRequestLog({
          at: new Date(),
          method,
          route,
          status: res.writableFinished ? res.statusCode : 'dropped',
          durationMs: performance.now() - started,
          errorCode,
          detail,
        }),
      ),
    );

    let result: Answer;
    try {
      const path = pathOf(req.url ?? '/');
      const found = path === undefined ? undefined : findRoute(routes, path);
      route = found?.route.template ?? route;
      result = await answer(req, method, path, found);
      if (result !== 'drop') detail = result.logDetail;
    } catch (error) {
      errorCode = errorCodeOf(error);
      result = failureAnswer(error);
    }
    send(req, res, result, corsHeaders(req.headers.origin, allowedOrigins));
  };
}
