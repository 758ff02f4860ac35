// The reference receiver: an HTTP server in front of a SQLite file or a
// PostgreSQL database, storing reports sealed for the agency as they came.
// startReceiver is what main.ts, the tests and the end-to-end suite call.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { BatchLimits } from '../src/contract/protocol';
import { agencySignerFromPkcs8 } from './agencySigner';
import { apiRoutes } from './apiRoutes';
import { DEFAULT_ALLOWED_ORIGINS } from './cors';
import { createFaultPlan } from './faultPlan';
import { createRequestHandler } from './handler';
import { inboxPageRoutes } from './inboxPage';
import { inboxRoutes } from './inboxRoutes';
import { answerParserError } from './parserErrors';
import { createReportIntake } from './reportIntake';
import { openReportStore } from './openStore';
import { DEFAULT_POOL_SIZE } from './postgresStore';
import { testHookRoutes, withInjectedFaults } from './testHookRoutes';

export const DEFAULT_PORT = 8787;
/** The longest agency name a tablet takes in a signed statement (agencySignature.ts, reportStatus.ts). */
const MAX_AGENCY_NAME_CHARS = 200;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** What one POST /api/reports/batch may hold. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxReports: 50, maxBytes: 4 * 1024 * 1024 };

// Timeouts and the connection cap. The honest client is the app on a tablet,
// possibly on 2G (EDGE: about 100 kbit/s up, 12 KB/s, and a second per round
// trip). It gives up on any request after 30 s itself (DEFAULT_REQUEST_TIMEOUT_MS
// in src/sync/syncEngine.ts), so the receiver is never the one to cut it off.

/**
 * How long a whole request (headers and body) may take to arrive; then 408.
 * Twice the app's own 30 s. In 60 s a 2G link carries about 720 KB: the
 * largest report the schema allows (about 64 KB of Chinese text) ten times
 * over. The 1 MiB report limit and a full 4 MiB batch need a faster link; the
 * app never builds such a body, and within its 30 s could not send it on 2G.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** How long the headers may take: the app's are under 1 KB, a second's work on 2G. Never more than the request timeout. */
const HEADERS_TIMEOUT_MS = 30_000;
/**
 * How long an idle connection is kept for the next request. The app sends a
 * pass's requests back to back, well inside this; a tablet that waits longer
 * opens a new connection, which costs it one round trip.
 */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/**
 * Connections open at once; more are refused (the client sees a network error
 * and retries after its backoff). One tablet holds at most five (the app sends
 * four requests at once, DEFAULT_CONCURRENCY in src/sync/syncEngine.ts, and
 * asks one question), so fifty tablets sync in the same few seconds without
 * meeting it. Bodies held in memory stay under 1 GiB (256 x the 4 MiB batch
 * limit). An agency with more tablets raises it (RECEIVER_MAX_CONNECTIONS).
 */
export const DEFAULT_MAX_CONNECTIONS = 256;

/**
 * The longest request head: Node's default of 16 KiB, doubled, so that a
 * tablet's status request for MAX_STATUS_IDS reports (an 18.5 KB request
 * line) fits with its other headers. A proxy in front must allow as much
 * (docs/deployment.md).
 */
export const MAX_HEADER_BYTES = 32 * 1024;

/** The built app, whose inbox.html and assets/ the receiver serves at /inbox. */
export const DEFAULT_INBOX_DIR = fileURLToPath(new URL('../dist', import.meta.url));

/** How long close() lets requests under way finish. */
const CLOSE_GRACE_MS = 2000;

export interface ReceiverOptions {
  /** A SQLite file (its folder is created if missing) or a postgres:// URL. */
  database: string;
  /**
   * The ids of the agency keys that reports may be sealed to: every key of
   * the deployment's config.json `agencyKeys`, the old ones too (reports sealed
   * before a rotation still arrive). A report sealed to another key gets 400.
   */
  agencyKeyIds: readonly string[];
  /**
   * The agency's signing key, a P-256 private key as PKCS#8 PEM text
   * (RECEIVER_SIGNING_KEY names its file): every acknowledgement is signed
   * with it, and tablets take only what verifies against the deployment's
   * `agencySigningKeys`.
   */
  signingKey: string;
  /** The agency's name, as its signed acknowledgements say it. */
  agencyName: string;
  /** PostgreSQL only: connections this receiver holds at most. Default DEFAULT_POOL_SIZE. */
  databasePoolSize?: number;
  /** 0 picks a free port. Default 8787. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** When set, report routes need "Authorization: Bearer <token>". */
  token?: string;
  /**
   * The officers' credential: the inbox routes need "Authorization: Bearer
   * <officerToken>", and answer 503 without one configured. Never the same
   * as `token`: a tablet's token never opens the inbox, nor this a report route.
   */
  officerToken?: string;
  /** The built app whose inbox.html and assets/ are served at /inbox. Default DEFAULT_INBOX_DIR. */
  inboxDir?: string;
  /** CORS allow-list (see cors.ts). Default: http://127.0.0.1:* and http://localhost:*. */
  allowedOrigins?: readonly string[];
  /** Mounts /__test__/* (faults, count, reset). Never in production. */
  testHooks?: boolean;
  /** The limit on one report's body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Limits on POST /api/reports/batch, or false for a receiver without it (as older ones are). Default DEFAULT_BATCH_LIMITS. */
  batches?: BatchLimits | false;
  /** The receiver's clock, for receivedAt. */
  now?: () => number;
  /** How long a whole request may take to arrive before the answer is 408. Default DEFAULT_REQUEST_TIMEOUT_MS. */
  requestTimeoutMs?: number;
  /** Connections open at once; more are refused. Default DEFAULT_MAX_CONNECTIONS. */
  maxConnections?: number;
  /** Where the one-line-per-request log goes. Default stdout. */
  log?: (line: string) => void;
}

export interface RunningReceiver {
  /** "http://127.0.0.1:8787", no trailing slash. */
  url: string;
  /** The report endpoint: `${url}/api/reports`. */
  endpoint: string;
  /** Stops listening, lets requests under way finish (for up to CLOSE_GRACE_MS), closes the database. Safe to call twice. */
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
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  if (options.agencyKeyIds.length === 0) throw new Error('The receiver knows no agency key: it would refuse every report.');
  const agencyName = options.agencyName.trim();
  if (agencyName === '') throw new Error('The receiver has no agency name: its receipts would not say who received a report.');
  if (agencyName.length > MAX_AGENCY_NAME_CHARS) {
    throw new Error(`The agency's name is over ${MAX_AGENCY_NAME_CHARS} characters: tablets would refuse its signed statements.`);
  }
  if (options.officerToken && options.officerToken === options.token) {
    throw new Error('The officer credential must not be the tablets\' token: a tablet would open the inbox.');
  }
  // A key that does not import fails here, before anything listens.
  const signer = await agencySignerFromPkcs8(options.signingKey);
  const store = await openReportStore(options.database, { poolSize: options.databasePoolSize ?? DEFAULT_POOL_SIZE, log });
  const faults = options.testHooks ? createFaultPlan() : undefined;
  const intake = createReportIntake({ store, agencyKeyIds: new Set(options.agencyKeyIds), now, signer, agencyName });
  const batch = options.batches === false ? undefined : (options.batches ?? DEFAULT_BATCH_LIMITS);
  const publicRoutes = apiRoutes({ store, intake, maxBodyBytes, batch });
  const handleRequest = createRequestHandler({
    routes: [
      ...(faults ? withInjectedFaults(publicRoutes, faults) : publicRoutes),
      ...inboxRoutes({ store, signer, agencyName, now }),
      ...inboxPageRoutes(options.inboxDir ?? DEFAULT_INBOX_DIR),
      ...(faults ? testHookRoutes(store, faults) : []),
    ],
    token: options.token || undefined,
    officerToken: options.officerToken || undefined,
    allowedOrigins: options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS,
    log,
  });

  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const headersTimeoutMs = Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs);
  const underWay = new Set<Promise<void>>();
  /** The answer each connection is working on, so that a parser error does not write into one already started. */
  const answering = new WeakMap<Duplex, ServerResponse>();
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      maxHeaderSize: MAX_HEADER_BYTES,
      // Node checks the two timeouts on this beat: each fires at most a tenth late.
      connectionsCheckingInterval: Math.ceil(headersTimeoutMs / 10),
    },
    (req, res) => {
      answering.set(req.socket, res);
      res.once('close', () => {
        if (answering.get(req.socket) === res) answering.delete(req.socket);
      });
      const handled = handleRequest(req, res).catch(() => {
        req.socket.destroy();
      });
      underWay.add(handled);
      void handled.finally(() => underWay.delete(handled));
    },
  );
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  // No request to log a line for, but an operator needs to know the cap is reached.
  server.on('drop', () => log(`${new Date().toISOString()} connection refused: ${server.maxConnections} connections open`));
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
    await store.close();
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
        await store.close();
      })();
      return closing;
    },
  };
}
