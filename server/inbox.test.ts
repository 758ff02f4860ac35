// The officers' routes over real HTTP, on both engines: only the officer
// credential opens them; a status change is signed, appended and never
// changed; impossible transitions and lost races get 409; the inbox pages
// newest received first and filters by status.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { verifyStatusChange, type InboxReport, type StatusChange } from '../src/contract/reportStatus';
import { TEST_AGENCY_NAME, TEST_SIGNING_KEYS, TEST_SIGNING_PRIVATE_PKCS8 } from '../src/contract/testing/agencySigningTestKey';
import { deferredSigner, type Signer } from './agencySigner';
import { createRequestHandler } from './handler';
import { inboxRoutes } from './inboxRoutes';
import { openReportStore } from './openStore';
import { startReceiver } from './receiver';
import { ENGINES, temporaryDatabase, type Engine } from './testing/databases';
import {
  fileReports,
  inboxGet,
  inboxPage,
  inboxReport,
  OFFICER_TOKEN,
  setStatus,
  setStatusOk,
  TABLET_TOKEN,
} from './testing/inboxRequests';
import { TEST_RECEIVER_SIGNING } from './testing/testSigning';
import { envelopeFor, getReport, postReport, startTestReceiver, storedReport, TEST_AGENCY_KEY_IDS, type ProblemBody } from './testSupport';

const START = Date.parse('2026-03-01T08:00:00.000Z');

/** A receiver with both credentials whose clock moves a second at each reading: every report and change has its own time. */
function startInboxReceiver(engine: Engine, options: Parameters<typeof startTestReceiver>[0] = {}) {
  let clock = START;
  return startTestReceiver({ engine, token: TABLET_TOKEN, officerToken: OFFICER_TOKEN, now: () => (clock += 1000), ...options });
}

async function verified(jws: string): Promise<StatusChange> {
  const result = await verifyStatusChange(jws, TEST_SIGNING_KEYS);
  if (!result.ok) throw new Error(`The status change does not verify: ${result.problem}`);
  return result.statement;
}

const errorOf = async (response: Response): Promise<string> => ((await response.json()) as ProblemBody).error;

describe.each(ENGINES)('the inbox routes on %s', (engine) => {
  it('open with the officer credential only: none, the tablets\' token or a wrong one get 401', async () => {
    const receiver = await startInboxReceiver(engine);
    const [id] = (await fileReports(receiver, 1)) as [string];

    for (const token of [null, TABLET_TOKEN, 'guess', `${OFFICER_TOKEN}x`]) {
      const list = await inboxGet(receiver, 'reports', token);
      expect(list.status, String(token)).toBe(401);
      expect(list.headers.get('www-authenticate')).toBe('Bearer');
      expect((await inboxGet(receiver, `reports/${id}`, token)).status).toBe(401);
      expect((await setStatus(receiver, id, { status: 'accepted' }, { token })).status).toBe(401);
    }
    expect((await inboxReport(receiver, id)).status).toBe('received');

    expect((await inboxGet(receiver, 'reports')).status).toBe(200);
    expect((await inboxGet(receiver, `reports/${id}`)).status).toBe(200);
    expect((await setStatus(receiver, id, { status: 'accepted' })).status).toBe(201);
  });

  it('never take the officer credential for the tablets\' token on the report routes', async () => {
    const receiver = await startInboxReceiver(engine);
    const envelope = await envelopeFor(storedReport());

    expect((await postReport(receiver, envelope, { token: OFFICER_TOKEN })).status).toBe(401);
    expect((await fetch(receiver.endpoint, { headers: { Authorization: `Bearer ${OFFICER_TOKEN}` } })).status).toBe(401);
    expect((await postReport(receiver, envelope, { token: TABLET_TOKEN })).status).toBe(201);
    expect((await getReport(receiver, envelope.id, OFFICER_TOKEN)).status).toBe(401);
  });

  it('sets a status: 201 with a change signed by the agency, which the report\'s history then holds', async () => {
    const receiver = await startInboxReceiver(engine);
    const [id] = (await fileReports(receiver, 1)) as [string];

    const response = await setStatus(receiver, id, { status: 'accepted', note: '  已受理，我们会尽快联系学校。\n谢谢。 ' });

    expect(response.status).toBe(201);
    const { change } = (await response.json()) as { change: string };
    const statement = await verified(change);
    expect(statement).toEqual({
      id,
      reference: (await inboxReport(receiver, id)).reference,
      status: 'accepted',
      note: '已受理，我们会尽快联系学校。\n谢谢。',
      at: '2026-03-01T08:00:02.000Z',
      seq: 1,
      agency: TEST_AGENCY_NAME,
    });
    const header = JSON.parse(Buffer.from(change.split('.')[0] as string, 'base64url').toString()) as { typ: string };
    expect(header.typ).toBe('shouhu-status');

    const referred = await verified(await setStatusOk(receiver, id, { status: 'referred', referredTo: 'civil_affairs' }));
    expect(referred).toMatchObject({ status: 'referred', referredTo: 'civil_affairs', seq: 2 });
    expect(referred).not.toHaveProperty('note');
    const report = await inboxReport(receiver, id);
    expect(report.status).toBe('referred');
    expect(report.history).toHaveLength(2);
    expect(report.history[0]).toBe(change);
  });

  it('answers 409 to a status that cannot follow the current one, and closed is final', async () => {
    const receiver = await startInboxReceiver(engine);
    const [id] = (await fileReports(receiver, 1)) as [string];

    const skipping = await setStatus(receiver, id, { status: 'closed' });
    expect(skipping.status).toBe(409);
    expect(await errorOf(skipping)).toBe('status_conflict');

    await setStatusOk(receiver, id, { status: 'accepted' });
    expect((await setStatus(receiver, id, { status: 'accepted' })).status).toBe(409);
    await setStatusOk(receiver, id, { status: 'closed' });
    for (const status of ['accepted', 'case_opened', 'needs_information', 'closed']) {
      const after = await setStatus(receiver, id, { status });
      expect(after.status, status).toBe(409);
      expect(await errorOf(after)).toBe('status_conflict');
    }
    expect((await setStatus(receiver, id, { status: 'referred', referredTo: 'education' })).status).toBe(409);
    expect((await inboxReport(receiver, id)).history).toHaveLength(2);
  });

  it('lets exactly one of many changes made at once from the same status through', async () => {
    const receiver = await startInboxReceiver(engine);
    const [id] = (await fileReports(receiver, 1)) as [string];

    const answers = await Promise.all(Array.from({ length: 8 }, () => setStatus(receiver, id, { status: 'accepted', note: randomUUID() })));

    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const answer of answers.filter((each) => each.status === 409)) expect(await errorOf(answer)).toBe('status_conflict');
    expect((await inboxReport(receiver, id)).history).toHaveLength(1);
  });

  it('has no way to change an entry once appended: no method for it, no member for it', async () => {
    const receiver = await startInboxReceiver(engine);
    const [id] = (await fileReports(receiver, 1)) as [string];
    const first = await setStatusOk(receiver, id, { status: 'accepted', note: 'first' });

    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      for (const path of [`reports/${id}`, `reports/${id}/status`]) {
        const response = await fetch(`${receiver.url}/api/inbox/${path}`, {
          method,
          headers: { Authorization: `Bearer ${OFFICER_TOKEN}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ status: 'closed', seq: 1 }),
        });
        expect(response.status, `${method} ${path}`).toBe(405);
      }
    }
    const rewrite = await setStatus(receiver, id, { status: 'case_opened', seq: 1, at: '2020-01-01T00:00:00.000Z' });
    expect(rewrite.status).toBe(400);
    expect(((await rewrite.json()) as ProblemBody).fields?.map((field) => field.path)).toEqual(['seq', 'at']);

    await setStatusOk(receiver, id, { status: 'case_opened' });
    expect((await inboxReport(receiver, id)).history[0]).toBe(first);
  });

  it('refuses a malformed status change with 400, naming the member', async () => {
    const receiver = await startInboxReceiver(engine);
    const [id] = (await fileReports(receiver, 1)) as [string];
    const cases: [unknown, string[]][] = [
      [{}, ['status']],
      [{ status: 'received' }, ['status']],
      [{ status: 'ACCEPTED' }, ['status']],
      [{ status: 'referred' }, ['referredTo']],
      [{ status: 'referred', referredTo: 'police' }, ['referredTo']],
      [{ status: 'accepted', referredTo: 'education' }, ['referredTo']],
      [{ status: 'accepted', note: 'x'.repeat(501) }, ['note']],
      [{ status: 'accepted', note: 'tab\there' }, ['note']],
      [{ status: 'accepted', note: 'carriage\r\nreturn' }, ['note']],
      [{ status: 'accepted', note: 'bell\u0007' }, ['note']],
      [{ status: 'accepted', note: 'NUL \u0000 inside' }, ['note']],
      [{ status: 'accepted', note: 'turned \u202Eevil' }, ['note']],
      [{ status: 'accepted', note: 'lone \ud800 surrogate' }, ['note']],
      [{ status: 'accepted', note: 42 }, ['note']],
    ];
    for (const [body, paths] of cases) {
      const response = await setStatus(receiver, id, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem = (await response.json()) as ProblemBody;
      expect(problem.error).toBe('invalid_status_change');
      expect(problem.fields?.map((field) => field.path)).toEqual(paths);
    }
    for (const body of ['', 'not json', '[]', 'null', '"accepted"']) expect((await setStatus(receiver, id, body)).status, body).toBe(400);
    expect((await setStatus(receiver, id, { status: 'accepted', note: `${' '.repeat(50)}${'字'.repeat(500)}\n` })).status).toBe(201);
    expect((await inboxReport(receiver, id)).history).toHaveLength(1);
  });

  it('answers 404 for a report it does not hold, and 413 for a body far over any status change', async () => {
    const receiver = await startInboxReceiver(engine);
    expect((await inboxGet(receiver, `reports/${randomUUID()}`)).status).toBe(404);
    expect((await inboxGet(receiver, 'reports/not-an-id')).status).toBe(404);
    expect((await setStatus(receiver, randomUUID(), { status: 'accepted' })).status).toBe(404);
    const [id] = (await fileReports(receiver, 1)) as [string];
    expect((await setStatus(receiver, id, { status: 'accepted', note: 'x'.repeat(20_000) })).status).toBe(413);
  });

  it('pages newest received first, with the latest change only, a cursor to the next page and the total', async () => {
    const receiver = await startInboxReceiver(engine);
    const ids = await fileReports(receiver, 5);
    await setStatusOk(receiver, ids[0] as string, { status: 'accepted' });
    const latest = await setStatusOk(receiver, ids[0] as string, { status: 'case_opened' });

    const first = await inboxPage(receiver, '?limit=2');
    expect(first.total).toBe(5);
    expect(first.reports.map((report) => report.id)).toEqual([ids[4], ids[3]]);
    expect(first.next).toEqual(expect.any(String));
    const second = await inboxPage(receiver, `?limit=2&before=${first.next}`);
    const third = await inboxPage(receiver, `?limit=2&before=${second.next}`);
    expect([...second.reports, ...third.reports].map((report) => report.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(third.next).toBeUndefined();

    const opened = third.reports.at(-1) as InboxReport;
    expect(opened).toMatchObject({ id: ids[0], status: 'case_opened', history: [latest] });
    expect(opened.sealedReport).toMatch(/^[\w-]+\.[\w-]*\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(second.reports[0]).toMatchObject({ status: 'received', history: [] });
    expect((await inboxPage(receiver)).reports).toHaveLength(5);
  });

  it('filters by status and by "no reply yet", counting what matches', async () => {
    const receiver = await startInboxReceiver(engine);
    const ids = (await fileReports(receiver, 4)) as [string, string, string, string];
    await setStatusOk(receiver, ids[1], { status: 'accepted' });
    await setStatusOk(receiver, ids[2], { status: 'accepted' });
    await setStatusOk(receiver, ids[2], { status: 'needs_information', note: '请补充孩子现在的位置。' });

    const ofPage = async (query: string) => {
      const page = await inboxPage(receiver, query);
      return [page.total, page.reports.map((report) => report.id)];
    };
    expect(await ofPage('?noReply=1')).toEqual([2, [ids[3], ids[0]]]);
    expect(await ofPage('?status=received')).toEqual([2, [ids[3], ids[0]]]);
    expect(await ofPage('?status=accepted')).toEqual([1, [ids[1]]]);
    expect(await ofPage('?status=needs_information&noReply=0')).toEqual([1, [ids[2]]]);
    expect(await ofPage('?status=accepted&noReply=1')).toEqual([0, []]);
    expect(await ofPage('?status=closed')).toEqual([0, []]);
  });

  it('refuses a bad limit, cursor, status or filter with 400', async () => {
    const receiver = await startInboxReceiver(engine);
    const queries = [
      'limit=0',
      'limit=101',
      'limit=-1',
      'limit=1.5',
      'limit=ten',
      'limit=',
      'limit=1&limit=2',
      'before=',
      'before=garbage!',
      `before=${Buffer.from('["yesterday","x"]').toString('base64url')}`,
      `before=${Buffer.from(JSON.stringify(['2026-03-01T08:00:00.000Z', 'not-an-id'])).toString('base64url')}`,
      `before=${'A'.repeat(300)}`,
      'status=open',
      'status=',
      'status=accepted&status=closed',
      'noReply=yes',
      'noReply=',
    ];
    for (const query of queries) {
      const response = await inboxGet(receiver, `reports?${query}`);
      expect(response.status, query).toBe(400);
      expect(await errorOf(response)).toBe('invalid_query');
    }
    expect((await inboxGet(receiver, 'reports?limit=100&unknown=1')).status).toBe(200);
  });

  it('answers only the receiver\'s own pages: another origin gets 403 and no CORS header', async () => {
    const receiver = await startInboxReceiver(engine, { allowedOrigins: ['*'] });
    const headers = (origin: string) => ({ Authorization: `Bearer ${OFFICER_TOKEN}`, Origin: origin });

    const foreign = await fetch(`${receiver.url}/api/inbox/reports`, { headers: headers('http://localhost:5173') });
    expect(foreign.status).toBe(403);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${receiver.url}/api/inbox/reports`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://elsewhere.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(403);

    const own = await fetch(`${receiver.url}/api/inbox/reports`, { headers: headers(receiver.url) });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBeNull();
  });
});

/**
 * The inbox routes alone on a server of their own, signing with `signer`:
 * to hold requests at the moment of signing, after they have read the
 * report's history and before they append to it.
 */
async function serveInboxRoutes(engine: Engine, signer: Signer): Promise<{ url: string; id: string }> {
  const store = await openReportStore(await temporaryDatabase(engine), { poolSize: 4, log: () => {} });
  const envelope = await envelopeFor(storedReport());
  await store.insertAllIfAbsent([{ envelope, receiptId: 'R-20260301-AAAAAAAAAA', receivedAt: '2026-03-01T08:00:00.000Z' }]);
  const handle = createRequestHandler({
    routes: inboxRoutes({ store, signer, agencyName: TEST_AGENCY_NAME, now: Date.now }),
    token: undefined,
    officerToken: OFFICER_TOKEN,
    allowedOrigins: [],
    log: () => {},
  });
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    await new Promise((resolve) => server.close(resolve));
    await store.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, id: envelope.id };
}

describe.each(ENGINES)('two status changes racing on %s', (engine) => {
  it('both read the report as "accepted" and sign the second place: one takes it, the other gets 409', async () => {
    const signing = deferredSigner(TEST_SIGNING_PRIVATE_PKCS8);
    let held = 0;
    let bothSigned: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      bothSigned = resolve;
    });
    const heldSigner: Signer = {
      sign: async (type, payload) => {
        const jws = await signing.sign(type, payload);
        if ((payload as StatusChange).seq === 2) {
          held += 1;
          if (held === 2) bothSigned();
          await gate;
        }
        return jws;
      },
    };
    const { url, id } = await serveInboxRoutes(engine, heldSigner);
    const receiver = { url, endpoint: `${url}/api/reports`, close: async () => {} };
    await setStatusOk(receiver, id, { status: 'accepted' });

    const [opened, referred] = await Promise.all([
      setStatus(receiver, id, { status: 'case_opened' }),
      setStatus(receiver, id, { status: 'referred', referredTo: 'education' }),
    ]);

    expect([opened.status, referred.status].sort()).toEqual([201, 409]);
    const loser = opened.status === 409 ? opened : referred;
    expect(((await loser.json()) as ProblemBody).message).toMatch(/Another change to this report was made first/);
    const history = (await inboxReport(receiver, id)).history;
    expect(history).toHaveLength(2);
    expect((await verified(history[1] as string)).seq).toBe(2);
  });
});

describe('a receiver without an officer credential', () => {
  it('answers the inbox routes 503 inbox_not_configured, whatever is presented', async () => {
    const receiver = await startTestReceiver({ token: TABLET_TOKEN });
    const [id] = (await fileReports(receiver, 1)) as [string];
    for (const token of [null, TABLET_TOKEN, OFFICER_TOKEN]) {
      for (const response of [await inboxGet(receiver, 'reports', token), await setStatus(receiver, id, { status: 'accepted' }, { token })]) {
        expect(response.status).toBe(503);
        expect(await errorOf(response)).toBe('inbox_not_configured');
      }
    }
  });

  it('refuses to start with the tablets\' token as the officer credential', async () => {
    await expect(
      startReceiver({
        database: await temporaryDatabase('sqlite'),
        port: 0,
        agencyKeyIds: TEST_AGENCY_KEY_IDS,
        ...TEST_RECEIVER_SIGNING,
        token: 'the-same-token',
        officerToken: 'the-same-token',
        log: () => {},
      }),
    ).rejects.toThrow(/officer credential must not be the tablets' token/);
  });
});
