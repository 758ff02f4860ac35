// Routes for the end-to-end tests, mounted only with RECEIVER_TEST_HOOKS=1,
// and the planned faults wrapped around the report routes from outside.
import { problem, type Answer, type JsonAnswer } from './answer';
import { readBody } from './body';
import { fieldProblems } from './fieldProblems';
import { faultsRequestSchema, type FaultPlan } from './faultPlan';
import type { Route, RouteRequest } from './route';
import type { ReportStore } from './store';

const HOOK_BODY_LIMIT_BYTES = 4096;

export function testHookRoutes(store: ReportStore, faults: FaultPlan): Route[] {
  return [
    {
      template: '/__test__/faults',
      access: 'public',
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
      access: 'public',
      methods: {
        GET: async () => {
          const rows = await store.summaries();
          return { status: 200, body: { reports: rows.length, rows } };
        },
      },
    },
    {
      template: '/__test__/reset',
      access: 'public',
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

/** The routes whose POSTs the fault plan counts: a report alone, or a batch (one POST). */
const REPORT_POSTS = new Set(['/api/reports', '/api/reports/batch']);

/** Whether an answer acknowledges a report: a 2xx, and for a batch, a 2xx result in it. */
function acknowledgesAny(answer: JsonAnswer): boolean {
  if (answer.status >= 300) return false;
  const results = (answer.body as { results?: unknown } | undefined)?.results;
  return !Array.isArray(results) || results.some((result: { status?: number }) => (result.status ?? 500) < 300);
}

/**
 * The report routes with the planned faults around them: a planned failure
 * is answered instead (the body read and dropped, nothing stored), and a
 * planned drop lets the report be stored, then hangs up without the answer.
 */
export function withInjectedFaults(routes: readonly Route[], faults: FaultPlan): Route[] {
  return routes.map((route) => {
    const post = route.methods.POST;
    if (!post || !REPORT_POSTS.has(route.template)) return route;
    const faulty = async (request: RouteRequest): Promise<Answer> => {
      const failure = faults.takeFailure();
      if (failure) {
        await readBody(request.req, Number.MAX_SAFE_INTEGER);
        return {
          ...problem(failure.status, 'injected_fault', 'A failure injected by a test hook.'),
          headers: failure.retryAfter === undefined ? {} : { 'Retry-After': failure.retryAfter },
        };
      }
      const answer = await post(request);
      return answer !== 'drop' && acknowledgesAny(answer) && faults.takeDrop() ? 'drop' : answer;
    };
    return { ...route, methods: { ...route.methods, POST: faulty } };
  });
}
