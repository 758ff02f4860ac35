// Malformed requests by the hundred to the status and inbox routes, with the
// right credentials so that they reach the checks: every answer is a 2xx or
// a 4xx with the usual JSON error body, never a 5xx (which a client retries
// forever) and never a stack. On both engines: PostgreSQL refuses text that
// SQLite keeps (a NUL character), so whatever reaches it must be checked first.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REFERRAL_DEPARTMENTS, REPORT_STATUSES } from '../src/contract/reportStatus';
import { ENGINES, type Engine } from './testing/databases';
import { fileReports, OFFICER_TOKEN, TABLET_TOKEN } from './testing/inboxRequests';
import { startTestReceiver, type ProblemBody } from './testSupport';

const RUNS: Record<Engine, number> = { sqlite: 300, postgres: 200 };

/** Text as a client might put it anywhere: random, control characters, lone surrogates, percent signs, quotes. */
const anyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '%', '%zz', '%00', '\u0000', '\ud800', '..', '../..', '"', '\\', ',', ',,', '[]', '{}', 'null', '-1', '1e3', '０'),
);

function requestArbitrary(ids: readonly string[]) {
  const id = fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 3 }, { arbitrary: fc.oneof(fc.uuid(), anyText), weight: 1 });
  const idList = fc
    .array(fc.oneof({ arbitrary: fc.constantFrom(...ids), weight: 3 }, { arbitrary: fc.uuid(), weight: 3 }, { arbitrary: anyText, weight: 1 }), { maxLength: 6 })
    .map((list) => list.join(','));
  const value = fc.oneof(anyText, idList, fc.integer().map(String), fc.constantFrom(...REPORT_STATUSES, '0', '1', '50', '101'));
  const query = fc
    .array(fc.tuple(fc.constantFrom('limit', 'before', 'status', 'noReply', 'ids', 'x'), value), { maxLength: 4 })
    .map((pairs) => new URLSearchParams(pairs).toString());
  // Mostly near misses of a valid change, so that many reach the store and the signature, some get 201 and 409.
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary, weight: 1 });
  const statusBody = fc.record({
    status: fc.oneof(
      // "accepted" the more often: it is the only way on from "received".
      { arbitrary: fc.constant('accepted'), weight: 2 },
      { arbitrary: fc.constantFrom(...REPORT_STATUSES), weight: 3 },
      { arbitrary: fc.oneof(anyText, fc.integer(), fc.constant(null)), weight: 1 },
    ),
    referredTo: sometimes(fc.oneof({ arbitrary: fc.constantFrom(...REFERRAL_DEPARTMENTS), weight: 3 }, { arbitrary: fc.oneof(anyText, fc.array(anyText)), weight: 1 })),
    note: fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 1 },
      { arbitrary: fc.string({ unit: 'grapheme', maxLength: 600 }), weight: 2 },
      // PostgreSQL refuses a NUL in text: it must never get that far.
      { arbitrary: fc.string({ maxLength: 20 }).map((text) => `${text}\u0000${text}`), weight: 1 },
      { arbitrary: fc.oneof(anyText, fc.integer()), weight: 1 },
    ),
    seq: sometimes(fc.integer()),
  });
  const body = fc.oneof({ arbitrary: statusBody.map((record) => JSON.stringify(record)), weight: 4 }, { arbitrary: fc.oneof(fc.json(), anyText), weight: 1 });
  // A lone surrogate has no UTF-8: sent as the bytes it would have, which are not UTF-8 either.
  const segment = id.map((text) => encodeURIComponent(text.replace(/\p{Cs}/gu, '')) + (/\p{Cs}/u.test(text) ? '%ED%A0%80' : ''));
  return fc.oneof(
    fc.record({ method: fc.constant('GET'), path: query.map((q) => `/api/inbox/reports?${q}`), body: fc.constant(undefined) }),
    fc.record({ method: fc.constant('GET'), path: segment.map((s) => `/api/inbox/reports/${s}`), body: fc.constant(undefined) }),
    fc.record({ method: fc.constant('POST'), path: segment.map((s) => `/api/inbox/reports/${s}/status`), body }),
    fc.record({ method: fc.constant('GET'), path: query.map((q) => `/api/reports/status?${q}`), body: fc.constant(undefined) }),
    fc.record({ method: fc.constantFrom('GET', 'POST'), path: segment.map((s) => `/api/inbox/${s}`), body: fc.option(body, { nil: undefined }) }),
    // A possible change, "received" → "accepted", with any note: the first to a report reaches the database unless the note is refused.
    fc.record({
      method: fc.constant('POST'),
      path: fc.constantFrom(...ids).map((reportId) => `/api/inbox/reports/${reportId}/status`),
      body: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 60 }), anyText, fc.string({ maxLength: 20 }).map((text) => `${text}\u0000`)).map((note) =>
        JSON.stringify({ status: 'accepted', note }),
      ),
    }),
  );
}

describe.each(ENGINES)('malformed requests to the status and inbox routes on %s', (engine) => {
  it('are answered 2xx or 4xx with a JSON error body, never 5xx', { timeout: 120_000 }, async () => {
    const receiver = await startTestReceiver({ engine, token: TABLET_TOKEN, officerToken: OFFICER_TOKEN });
    // Enough reports that many changes are possible ones, and reach the database.
    const ids = await fileReports(receiver, 20);

    await fc.assert(
      fc.asyncProperty(requestArbitrary(ids), async ({ method, path, body }) => {
        const token = path.startsWith('/api/reports/') ? TABLET_TOKEN : OFFICER_TOKEN;
        const response = await fetch(`${receiver.url}${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, ...(method === 'POST' && { 'Content-Type': 'application/json' }) },
          ...(method === 'POST' && { body: body ?? '' }),
        });
        const text = await response.text();
        expect(response.status, `${method} ${path} ${body ?? ''}`).toBeGreaterThanOrEqual(200);
        expect(response.status, `${method} ${path} ${body ?? ''} → ${text}`).toBeLessThan(500);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const json = JSON.parse(text) as ProblemBody;
        if (response.status >= 400) expect(json).toMatchObject({ error: expect.any(String), message: expect.any(String) });
      }),
      { numRuns: RUNS[engine], seed: 17 },
    );
    expect(receiver.logs.filter((line) => / 5\d\d /.test(line))).toEqual([]);
  });
});
