// The inbox's requests: its own origin and the officer credential only, the
// receiver's answers checked before use, and every failure a named outcome.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getInboxReport, listInboxReports, setReportStatus } from './inboxApi';
import { sealedInboxEntry } from './testing/inboxEntries';

interface Sent {
  url: string;
  init: RequestInit;
}

function answering(status: number, body?: unknown): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));
  });
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the inbox requests', () => {
  it('ask the page\'s own origin for a page, with the credential and the filter, and read the answer', async () => {
    const entry = await sealedInboxEntry();
    const sent = answering(200, { reports: [entry, { id: 'not a report' }], next: 'cursor-2', total: 51 });
    const page = await listInboxReports('officer secret', { before: 'cursor-1', status: 'received', noReply: true }, 50);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe('/api/inbox/reports?limit=50&before=cursor-1&status=received&noReply=1');
    expect(new Headers(sent[0]?.init.headers).get('Authorization')).toBe('Bearer officer secret');
    expect(sent[0]?.init.cache).toBe('no-store');
    // The malformed report keeps its place, to be shown as such.
    expect(page).toEqual({ ok: true, value: { reports: [entry, undefined], next: 'cursor-2', total: 51 } });
  });

  it('name each failure', async () => {
    const sent = answering(401, { error: 'unauthorized', message: 'A valid bearer token is required.' });
    // No credential (single sign-on in front adds its own): no Authorization header at all.
    expect(await listInboxReports('', {}, 50)).toEqual({ ok: false, problem: { kind: 'unauthorized', status: 401 } });
    expect(new Headers(sent[0]?.init.headers).has('Authorization')).toBe(false);
    answering(403);
    expect(await listInboxReports('x', {}, 50)).toEqual({ ok: false, problem: { kind: 'unauthorized', status: 403 } });
    answering(400, { error: 'bad_request', message: 'status: not a status' });
    expect(await listInboxReports('x', {}, 50)).toEqual({ ok: false, problem: { kind: 'refused', status: 400, message: 'status: not a status' } });
    answering(503);
    expect(await listInboxReports('x', {}, 50)).toEqual({ ok: false, problem: { kind: 'bad_answer', status: 503 } });
    answering(200, { reports: 'none', total: 1 });
    expect(await listInboxReports('x', {}, 50)).toEqual({ ok: false, problem: { kind: 'bad_answer', status: 200 } });
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await listInboxReports('x', {}, 50)).toEqual({ ok: false, problem: { kind: 'unreachable' } });
  });

  it('take a report only when it is the one asked for', async () => {
    const entry = await sealedInboxEntry();
    answering(200, entry);
    expect(await getInboxReport('x', entry.id)).toEqual({ ok: true, value: entry });
    const sent = answering(200, entry);
    const other = '00000000-0000-4000-8000-000000000000';
    expect(await getInboxReport('x', other)).toEqual({ ok: false, problem: { kind: 'bad_answer', status: 200 } });
    expect(sent[0]?.url).toBe(`/api/inbox/reports/${other}`);
  });

  it('send the status with a referral only when referred and the note trimmed, and say when it cannot follow', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const sent = answering(201, { change: 'a.b.c' });
    expect(await setReportStatus('x', id, { status: 'accepted', referredTo: 'education', note: '  已受理，民警会联系您。 ' })).toEqual({ ok: true, value: 'a.b.c' });
    expect(sent[0]?.url).toBe(`/api/inbox/reports/${id}/status`);
    expect(sent[0]?.init.method).toBe('POST');
    expect(JSON.parse(sent[0]?.init.body as string)).toEqual({ status: 'accepted', note: '已受理，民警会联系您。' });
    const referred = answering(201, { change: 'a.b.c' });
    await setReportStatus('x', id, { status: 'referred', referredTo: 'civil_affairs', note: '   ' });
    expect(JSON.parse(referred[0]?.init.body as string)).toEqual({ status: 'referred', referredTo: 'civil_affairs' });
    answering(409, { error: 'status_conflict', message: 'closed cannot follow closed' });
    expect(await setReportStatus('x', id, { status: 'closed' })).toEqual({ ok: false, problem: { kind: 'conflict' } });
  });
});
