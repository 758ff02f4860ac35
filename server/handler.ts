// Every request goes through here: the origin and content-type gates, CORS,
// the credentials (the tablets' token, the officers'), routing, one log
// line, and turning an answer (or an unexpected failure) into a response.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { problem, unavailable, type Answer, type JsonAnswer } from './answer';
import { bearerTokenAccepted } from './auth';
import { corsHeaders, isSameOrigin, originAllowed, preflightHeaders } from './cors';
import { formatRequestLog } from './requestLog';
import { findRoute, isSameOriginOnly, type Method, type Route } from './route';
import { StoreUnavailableError } from './store';

export interface RequestHandlerOptions {
  routes: readonly Route[];
  /** The tablets' token (RECEIVER_TOKEN); undefined: the tablet routes are open. */
  token: string | undefined;
  /** The officers' credential (RECEIVER_OFFICER_TOKEN); undefined: the officer routes answer 503. */
  officerToken: string | undefined;
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

/** A request target as a URL (its path and query), or undefined for a target no URL can be made of ("//[", "http://["). */
function urlOf(target: string): URL | undefined {
  try {
    return new URL(target, 'http://receiver');
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
  if ('file' in answer) {
    res.writeHead(answer.status, { ...cors, 'Content-Length': String(answer.file.length), ...answer.headers });
    res.end(answer.file);
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

const unauthorized = (): JsonAnswer => ({
  ...problem(401, 'unauthorized', 'A valid bearer token is required.'),
  headers: { 'WWW-Authenticate': 'Bearer' },
});

export function createRequestHandler({ routes, token, officerToken, allowedOrigins, log }: RequestHandlerOptions) {
  function preflight(req: IncomingMessage): JsonAnswer {
    if (req.headers.origin === undefined) return { status: 204, headers: { Allow: 'GET, POST, OPTIONS' } };
    return { status: 204, headers: preflightHeaders(req.headers['access-control-request-private-network'] === 'true') };
  }

  /** `path` is undefined for a target no URL can be made of; `found`, for a path with no route. */
  async function answer(
    req: IncomingMessage,
    method: string,
    target: URL | undefined,
    found: ReturnType<typeof findRoute>,
  ): Promise<Answer> {
    // A page on another site can POST here without a preflight (a "simple"
    // request: text/plain, no custom headers). Browsers always send its Origin,
    // so refusing unknown origins here, not only in preflights, stops it.
    // Programs that are not browsers send no Origin and pass.
    // The inbox and its routes answer only a page of the receiver's own
    // origin: officers' answers are never shared with another site, however
    // wide the tablets' allow-list.
    const origin = req.headers.origin;
    if (origin !== undefined && found && isSameOriginOnly(found.route)) {
      if (!isSameOrigin(origin, req.headers.host)) return problem(403, 'origin_not_allowed', 'Only the receiver\'s own pages may use this route.');
    } else if (origin !== undefined && !originAllowed(origin, allowedOrigins)) {
      return problem(403, 'origin_not_allowed', 'This origin is not on the receiver\'s allow-list.');
    }
    if (target === undefined) return problem(400, 'malformed_target', 'The request target is not a valid path.');
    const query = target.searchParams;
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
    if (route.access === 'tablet' && !bearerTokenAccepted(req.headers.authorization, token)) return unauthorized();
    if (route.access === 'officer') {
      // Never open: without its own credential the inbox is simply not there.
      if (!officerToken) return problem(503, 'inbox_not_configured', 'The inbox is not configured on this receiver (RECEIVER_OFFICER_TOKEN).');
      if (!bearerTokenAccepted(req.headers.authorization, officerToken)) return unauthorized();
    }
    const handle = route.methods[method];
    if (!handle) throw new Error('unreachable: method checked above');
    return handle({ req, param, query });
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
    let found: ReturnType<typeof findRoute>;
    try {
      const target = urlOf(req.url ?? '/');
      found = target === undefined ? undefined : findRoute(routes, target.pathname);
      route = found?.route.template ?? route;
      result = await answer(req, method, target, found);
      if (result !== 'drop') detail = result.logDetail;
    } catch (error) {
      errorCode = errorCodeOf(error);
      result = failureAnswer(error);
    }
    const cors = found && isSameOriginOnly(found.route) ? { Vary: 'Origin' } : corsHeaders(req.headers.origin, allowedOrigins);
    send(req, res, result, cors);
  };
}
