// GET /api/reports/status over real HTTP, on both engines: the tablet gets
// the latest signed change of the ids it asks for, and learns nothing of any
// other report: no listing, no count, no "unknown".
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_STATUS_IDS, verifyStatusChange } from '../src/contract/reportStatus';
import { TEST_SIGNING_KEYS } from '../src/contract/testing/agencySigningTestKey';
import { ENGINES } from './testing/databases';
import { fileReports, OFFICER_TOKEN, setStatusOk, statusesOf, statusRequest, TABLET_TOKEN } from './testing/inboxRequests';
import { startTestReceiver, type ProblemBody } from './testSupport';

describe.each(ENGINES)('the tablet\'s status request on %s', (engine) => {
  const start = () => startTestReceiver({ engine, token: TABLET_TOKEN, officerToken: OFFICER_TOKEN });

  it('answers the latest signed change of each id asked for, once, and nothing of the others', async () => {
    const receiver = await start();
    const [asked, another, unchanged] = (await fileReports(receiver, 3)) as [string, string, string];
    await setStatusOk(receiver, asked, { status: 'accepted' });
    const latest = await setStatusOk(receiver, asked, { status: 'needs_information', note: '请补充。' });
    const othersChange = await setStatusOk(receiver, another, { status: 'accepted', note: 'not for this tablet' });

    const response = await statusRequest(receiver, [asked, unchanged, randomUUID(), asked]);

    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ statuses: [{ id: asked, change: latest }] });
    expect(text).not.toContain(another);
    expect(text).not.toContain(othersChange);
    const verified = await verifyStatusChange(latest, TEST_SIGNING_KEYS);
    expect(verified).toMatchObject({ ok: true, statement: { id: asked, status: 'needs_information', note: '请补充。', seq: 2 } });
    expect(await statusesOf(receiver, [another])).toEqual({ statuses: [{ id: another, change: othersChange }] });
    expect(await statusesOf(receiver, [unchanged, randomUUID()])).toEqual({ statuses: [] });
  });

  it('needs the tablets\' token, and never takes the officer credential for it', async () => {
    const receiver = await start();
    const [id] = (await fileReports(receiver, 1)) as [string];
    await setStatusOk(receiver, id, { status: 'accepted' });

    for (const token of [null, 'guess', OFFICER_TOKEN]) expect((await statusRequest(receiver, [id], token)).status, String(token)).toBe(401);
    expect((await statusRequest(receiver, [id])).status).toBe(200);
  });

  it('takes MAX_STATUS_IDS ids in one request line, and refuses more, a malformed id or a malformed query with 400', async () => {
    const receiver = await start();
    const [id] = (await fileReports(receiver, 1)) as [string];
    await setStatusOk(receiver, id, { status: 'accepted' });
    const many = [...Array.from({ length: MAX_STATUS_IDS - 1 }, () => randomUUID()), id];

    const full = await statusRequest(receiver, many);
    expect(full.status).toBe(200);
    expect(((await full.json()) as { statuses: unknown[] }).statuses).toHaveLength(1);

    const refused = [
      [...many, randomUUID()].join(','),
      `${id},`,
      `${id},${id.toUpperCase()}`,
      `${id},not-an-id`,
      `${id}&ids=${id}`,
      '',
      `${id};${id}`,
    ];
    for (const ids of refused) {
      const response = await statusRequest(receiver, ids);
      expect(response.status, ids.slice(0, 80)).toBe(400);
      expect(((await response.json()) as ProblemBody).error).toBe('invalid_query');
    }
    const none = await fetch(`${receiver.endpoint}/status`, { headers: { Authorization: `Bearer ${TABLET_TOKEN}` } });
    expect(none.status).toBe(400);
  });

  it('answers the tablets\' origins as the report routes do (CORS)', async () => {
    const receiver = await start();
    const [id] = (await fileReports(receiver, 1)) as [string];
    const response = await fetch(`${receiver.endpoint}/status?ids=${id}`, {
      headers: { Authorization: `Bearer ${TABLET_TOKEN}`, Origin: 'http://localhost:5173' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const foreign = await fetch(`${receiver.endpoint}/status?ids=${id}`, {
      headers: { Authorization: `Bearer ${TABLET_TOKEN}`, Origin: 'https://elsewhere.example' },
    });
    expect(foreign.status).toBe(403);
  });
});
