// The receiver's public routes (docs/sync-protocol.md).
import type { IncomingMessage } from 'node:http';
import { SCHEMA_VERSION, type BatchLimits } from '../src/contract/protocol';
import { isReportId } from '../src/contract/reportId';
import { problem, unavailable, type Answer, type JsonAnswer } from './answer';
import { readBody } from './body';
import { answerBatch } from './batchAnswer';
import type { ReportIntake } from './reportIntake';
import type { Route, RouteRequest } from './route';
import type { ReportStore } from './store';
import { answerStatuses } from './tabletStatuses';

export interface ApiRoutesOptions {
  store: ReportStore;
  intake: ReportIntake;
  /** The limit on one report's body. */
  maxBodyBytes: number;
  /** Limits on a batch (POST /api/reports/batch); undefined: no batch route. */
  batch: BatchLimits | undefined;
}

/** How long the health route waits for the database; a load balancer's probe should wait longer than this. */
const HEALTH_TIMEOUT_MS = 2000;

/** 200 when the database answers a query within HEALTH_TIMEOUT_MS, else 503: a load balancer then sends elsewhere. */
async function healthAnswer(store: ReportStore): Promise<JsonAnswer> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), HEALTH_TIMEOUT_MS);
  });
  const answered = await Promise.race([store.ping().then(() => 'ok' as const, () => 'failed' as const), timedOut]);
  clearTimeout(timer);
  if (answered === 'ok') return { status: 200, body: { ok: true } };
  return unavailable('database_unavailable', 'The receiver cannot reach its database.', { ok: false });
}

export function payloadTooLarge(limitBytes: number): JsonAnswer {
  return {
    ...problem(413, 'payload_too_large', `The body is larger than ${limitBytes} bytes.`),
    closeConnection: true,
  };
}

const singleHeader = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

export function apiRoutes({ store, intake, maxBodyBytes, batch }: ApiRoutesOptions): Route[] {
  async function postReport({ req }: { req: IncomingMessage }): Promise<Answer> {
    const body = await readBody(req, maxBodyBytes);
    if (!body.ok) return payloadTooLarge(maxBodyBytes);
    return intake.acceptReport({ body: body.text, idempotencyKey: singleHeader(req, 'idempotency-key') });
  }

  async function postBatch(limits: BatchLimits, { req }: { req: IncomingMessage }): Promise<Answer> {
    const body = await readBody(req, limits.maxBytes);
    if (!body.ok) return payloadTooLarge(limits.maxBytes);
    return answerBatch(intake, body.text, limits, maxBodyBytes);
  }

  return [
    {
      template: '/api/health',
      access: 'public',
      methods: { GET: () => healthAnswer(store) },
    },
    {
      template: '/api/reports',
      access: 'tablet',
      methods: {
        // The app's "Test connection": reaching here means the token was accepted.
        GET: async () => ({ status: 200, body: { ok: true, schemaVersion: SCHEMA_VERSION, ...(batch && { batch }) } }),
        POST: postReport,
      },
    },
    // These two before "/api/reports/:id", which would match them too.
    ...(batch
      ? [
          {
            template: '/api/reports/batch',
            access: 'tablet',
            methods: { POST: (request: RouteRequest) => postBatch(batch, request) },
          } satisfies Route,
        ]
      : []),
    {
      template: '/api/reports/status',
      access: 'tablet',
      methods: { GET: ({ query }) => answerStatuses(store, query) },
    },
    {
      template: '/api/reports/:id',
      access: 'tablet',
      methods: {
        GET: async ({ param }) => {
          const stored = param !== undefined && isReportId(param) ? await store.find(param) : undefined;
          if (!stored) return problem(404, 'not_found', 'No report is stored under this id.');
          return { status: 200, body: { ...stored.envelope, receiptId: stored.receiptId, receivedAt: stored.receivedAt } };
        },
      },
    },
  ];
}
