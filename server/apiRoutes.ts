// The receiver's public routes (docs/sync-protocol.md).
import type { IncomingMessage } from 'node:http';
import * as z from 'zod/mini';
import { SCHEMA_VERSION, type BatchLimits } from '../src/contract/protocol';
import { isReportId } from '../src/contract/reportId';
import { problem, unavailable, type Answer, type JsonAnswer } from './answer';
import { readBody } from './body';
import type { FaultPlan } from './faultPlan';
import { batchResultsDetail } from './requestLog';
import type { ReportIntake } from './reportIntake';
import type { Route, RouteRequest } from './route';
import type { ReportStore } from './store';

export interface ApiRoutesOptions {
  store: ReportStore;
  intake: ReportIntake;
  /** The limit on one report's body. */
  maxBodyBytes: number;
  /** Limits on a batch (POST /api/reports/batch); undefined: no batch route. */
  batch: BatchLimits | undefined;
  /** Present only when the test hooks are on. */
  faults: FaultPlan | undefined;
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

const batchSchema = z.object({ reports: z.array(z.unknown()) });

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

export function apiRoutes({ store, intake, maxBodyBytes, batch, faults }: ApiRoutesOptions): Route[] {
  /** A failure a test hook planned for this POST, if any. */
  function injectedFailure(): JsonAnswer | undefined {
    const failure = faults?.takeFailure();
    if (!failure) return undefined;
    return {
      ...problem(failure.status, 'injected_fault', 'A failure injected by a test hook.'),
      headers: failure.retryAfter === undefined ? {} : { 'Retry-After': failure.retryAfter },
    };
  }

  async function postReport({ req }: { req: IncomingMessage }): Promise<Answer> {
    const body = await readBody(req, maxBodyBytes);
    if (!body.ok) return payloadTooLarge(maxBodyBytes);
    const failure = injectedFailure();
    if (failure) return failure;
    const answer = await intake.acceptReport({ body: body.text, idempotencyKey: singleHeader(req, 'idempotency-key') });
    if (answer.status < 300 && faults?.takeDrop()) return 'drop';
    return answer;
  }

  async function postBatch(limits: BatchLimits, { req }: { req: IncomingMessage }): Promise<Answer> {
    const body = await readBody(req, limits.maxBytes);
    if (!body.ok) return payloadTooLarge(limits.maxBytes);
    const failure = injectedFailure();
    if (failure) return failure;
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return problem(400, 'malformed_json', 'The body is not valid JSON.');
    }
    const parsed = batchSchema.safeParse(json);
    if (!parsed.success) return problem(400, 'invalid_batch', 'A batch is an object with a "reports" array.');
    const { reports } = parsed.data;
    if (reports.length === 0 || reports.length > limits.maxReports) {
      return problem(400, 'invalid_batch', `A batch holds 1 to ${limits.maxReports} reports.`);
    }
    const answers = await intake.acceptBatch(reports, maxBodyBytes);
    if (answers.some((answer) => answer.status < 300) && faults?.takeDrop()) return 'drop';
    return {
      status: 200,
      body: { results: answers.map((answer) => ({ status: answer.status, ...(answer.body as Record<string, unknown>) })) },
      logDetail: batchResultsDetail(answers.map((answer) => answer.status)),
    };
  }

  return [
    {
      template: '/api/health',
      requiresToken: false,
      methods: { GET: () => healthAnswer(store) },
    },
    {
      template: '/api/reports',
      requiresToken: true,
      methods: {
        // The app's "Test connection": reaching here means the token was accepted.
        GET: async () => ({ status: 200, body: { ok: true, schemaVersion: SCHEMA_VERSION, ...(batch && { batch }) } }),
        POST: postReport,
      },
    },
    // Before "/api/reports/:id", which would match it too.
    ...(batch
      ? [
          {
            template: '/api/reports/batch',
            requiresToken: true,
            methods: { POST: (request: RouteRequest) => postBatch(batch, request) },
          },
        ]
      : []),
    {
      template: '/api/reports/:id',
      requiresToken: true,
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
