// The request log says what happened without saying what was reported, or the token.
import { expect, it } from 'vitest';
import { batchResultsDetail, batchResultsIn, formatRequestLog } from './requestLog';
import { envelopeFor, getReport, postReport, startTestReceiver, storedReport } from './testSupport';

it('logs one line per request: route, status and time, no ids, content or token', async () => {
  const token = 'log-must-not-show-this';
  const receiver = await startTestReceiver({ token });
  const envelope = await envelopeFor(storedReport());

  await postReport(receiver, envelope, { token });
  await getReport(receiver, envelope.id, token);
  await postReport(receiver, envelope);

  await receiver.close(); // every line is written by the time the connections are closed
  expect(receiver.logs).toHaveLength(3);
  expect(receiver.logs[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z POST \/api\/reports 201 \d+ms$/);
  expect(receiver.logs[1]).toMatch(/ GET \/api\/reports\/:id 200 /);
  expect(receiver.logs[2]).toMatch(/ POST \/api\/reports 401 /);
  const everything = receiver.logs.join('\n');
  for (const secret of [token, envelope.id, envelope.reference, '小明', envelope.contentHash]) {
    expect(everything).not.toContain(secret);
  }
});

it("reads back a batch's results from its line, as the e2e tests and the benchmark count them", () => {
  const detail = batchResultsDetail([201, 201, 200, 409, 201]);
  expect(detail).toBe('results=201x3,200x1,409x1');
  const line = formatRequestLog({ at: new Date(0), method: 'POST', route: '/api/reports/batch', status: 200, durationMs: 12, detail });
  expect(batchResultsIn(line)).toEqual(new Map([[201, 3], [200, 1], [409, 1]]));
  expect(batchResultsIn('1970-01-01T00:00:00.000Z POST /api/reports 201 3ms').size).toBe(0);
});
