// The reference receiver: an HTTP server in front of a SQLite file, checking
// reports with the app's own schema. startReceiver is what main.ts, the tests
// and the end-to-end suite call.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { createReportSchema } from '../src/report/schema';
import { apiRoutes, type BatchLimits } from './apiRoutes';
import { DEFAULT_ALLOWED_ORIGINS } from './cors';
import { createFaultPlan } from './faultPlan';
import { createRequestHandler } from './handler';
import { answerParserError } from './parserErrors';
import { createReportIntake } from './reportIntake';
import { openReportStore } from './store';
import { testHookRoutes } from './testHookRoutes';

export const DEFAULT_PORT = 8787;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** What one POST /api/reports/batch may hold. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxReports: 50, maxBytes: 4 * 1024 * 1024 };
/** Tablets' clocks drift: a time up to a day ahead of the receiver's clock is not "in the future". */
export const DEFAULT_CLOCK_TOLERANCE_MS = 24 * 3600_000;

/** How long close() lets requests under way finish. */
const CLOSE_GRACE_MS = 2000;

export interface ReceiverOptions {
  /** The SQLite file; its folder is created if missing. */
  dbPath: string;
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, report routes need "Authorization: Bearer <token>". */
  token?: string;
  /** CORS allow-list (see cors.ts). Default: http://127.0.0.1:* and http://localhost:*. */
  allowedOrigins?: readonly string[];
  /** Mounts /__test__/* (faults, count, reset). Never in production. */
  testHooks?: boolean;
  /** The limit on one report's body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Limits on POST /api/reports/batch, or false for a receiver without it (as older ones are). Default DEFAULT_BATCH_LIMITS. */
  batches?: BatchLimits | false;
  /** Default one day. */
  clockToleranceMs?: number;
  /** The receiver's clock, for receivedAt and the schema's "not in the future" rules. */
  now?: () => number;
  /** Where the one-line-per-request log goes. Default stdout. */
  log?: (line: string) => void;
}

export interface RunningReceiver {
  /** "http://127.0.0.1:8787", no trailing slash. */
  url: string;
  /** The report endpoint: `${url}/api/reports`. */
  endpoint: string;
  /** Stops listening, waits for requests under way, closes the database. Safe to call twice. */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const now = options.now ?? Date.now;
  const host = options.host ?? DEFAULT_HOST;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const store = openReportStore(options.dbPath);
  const reportSchema = createReportSchema({ now, clockToleranceMs: options.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS });
  const faults = options.testHooks ? createFaultPlan() : undefined;
  const intake = createReportIntake({ store, reportSchema, now });
  const batch = options.batches === false ? undefined : (options.batches ?? DEFAULT_BATCH_LIMITS);
  const handleRequest = createRequestHandler({
    routes: [
      ...apiRoutes({ store, intake, maxBodyBytes, batch, faults }),
      ...(faults ? testHookRoutes(store, faults) : []),
    ],
    token: options.token || undefined,
    allowedOrigins: options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS,
    log: options.log ?? ((line) => process.stdout.write(`${line}\n`)),
  });

  const underWay = new Set<Promise<void>>();
  /** The answer each connection is working on, so that a parser error does not write into one already started. */
  const answering = new WeakMap<Duplex, ServerResponse>();
  const server = createServer((req, res) => {
    answering.set(req.socket, res);
    res.once('close', () => {
      if (answering.get(req.socket) === res) answering.delete(req.socket);
    });
    const handled = handleRequest(req, res).catch(() => {
      req.socket.destroy();
    });
    underWay.add(handled);
    void handled.finally(() => underWay.delete(handled));
  });
  server.on('clientError', (error: Error & { code?: string }, socket) => {
    answerParserError(error, socket, answering.get(socket)?.headersSent ?? false);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    endpoint: `${url}/api/reports`,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const settled = () => Promise.allSettled(underWay);
        // Requests under way may finish; a client that stalls mid-body is cut off.
        await Promise.race([settled(), delay(CLOSE_GRACE_MS, undefined, { ref: false })]);
        server.closeAllConnections();
        await settled();
        await stopped;
        store.close();
      })();
      return closing;
    },
  };
}
