// Routes for the end-to-end tests, mounted only with RECEIVER_TEST_HOOKS=1.
import { problem } from './answer';
import { readBody } from './body';
import { fieldProblems } from './fieldProblems';
import { faultsRequestSchema, type FaultPlan } from './faultPlan';
import type { Route } from './route';
import type { ReportStore } from './store';

const HOOK_BODY_LIMIT_BYTES = 4096;

export function testHookRoutes(store: ReportStore, faults: FaultPlan): Route[] {
  return [
    {
      template: '/__test__/faults',
      requiresToken: false,
      methods: {
        POST: async ({ req }) => {
          const body = await readBody(req, HOOK_BODY_LIMIT_BYTES);
          if (!body.ok) return problem(413, 'payload_too_large', 'The fault plan is too large.');
          let json: unknown;
          try {
            json = JSON.parse(body.text || '{}');
          } catch {
            return problem(400, 'malformed_json', 'The body is not valid JSON.');
          }
          const parsed = faultsRequestSchema.safeParse(json);
          if (!parsed.success) {
            return problem(400, 'invalid_faults', 'The fault plan is malformed.', {
              fields: fieldProblems(parsed.error.issues),
            });
          }
          faults.set(parsed.data);
          return { status: 200, body: faults.describe() };
        },
      },
    },
    {
      template: '/__test__/count',
      requiresToken: false,
      methods: {
        GET: async () => {
          const rows = await store.summaries();
          return { status: 200, body: { reports: rows.length, rows } };
        },
      },
    },
    {
      template: '/__test__/reset',
      requiresToken: false,
      methods: {
        POST: async () => {
          await store.deleteAll();
          faults.reset();
          return { status: 200, body: { ok: true } };
        },
      },
    },
  ];
}
