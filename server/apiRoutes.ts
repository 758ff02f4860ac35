// The receiver's public routes (docs/sync-protocol.md).
import type { IncomingMessage } from 'node:http';
import { SCHEMA_VERSION } from '../src/report/schema';
import { problem, type Answer, type JsonAnswer } from './answer';
import { readBody } from './body';
import { isReportId } from './envelope';
import type { FaultPlan } from './faultPlan';
import type { AcceptReport } from './reportIntake';
import type { Route } from './route';
import type { ReportStore } from './store';

export interface ApiRoutesOptions {
  store: ReportStore;
  acceptReport: AcceptReport;
  maxBodyBytes: number;
  /** Present only when the test hooks are on. */
  faults: FaultPlan | undefined;
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

export function apiRoutes({ store, acceptReport, maxBodyBytes, faults }: ApiRoutesOptions): Route[] {
  async function postReport({ req }: { req: IncomingMessage }): Promise<Answer> {
    const body = await readBody(req, maxBodyBytes);
    if (!body.ok) return payloadTooLarge(maxBodyBytes);
    const failure = faults?.takeFailure();
    if (failure) {
      return {
        ...problem(failure.status, 'injected_fault', 'A failure injected by a test hook.'),
        headers: failure.retryAfter === undefined ? {} : { 'Retry-After': failure.retryAfter },
      };
    }
    const answer = await acceptReport({ body: body.text, idempotencyKey: singleHeader(req, 'idempotency-key') });
    if (answer.status < 300 && faults?.takeDrop()) return 'drop';
    return answer;
  }

  return [
    {
      template: '/api/health',
      requiresToken: false,
      methods: { GET: async () => ({ status: 200, body: { ok: true } }) },
    },
    {
      template: '/api/reports',
      requiresToken: true,
      methods: {
        // The app's "Test connection": reaching here means the token was accepted.
        GET: async () => ({ status: 200, body: { ok: true, schemaVersion: SCHEMA_VERSION } }),
        POST: postReport,
      },
    },
    {
      template: '/api/reports/:id',
      requiresToken: true,
      methods: {
        GET: async ({ param }) => {
          const stored = param !== undefined && isReportId(param) ? store.find(param) : undefined;
          if (!stored) return problem(404, 'not_found', 'No report is stored under this id.');
          return { status: 200, body: { ...stored.envelope, receiptId: stored.receiptId, receivedAt: stored.receivedAt } };
        },
      },
    },
  ];
}
