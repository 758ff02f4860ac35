// Requests to the status and inbox routes for the receiver's tests: an
// officer's and a tablet's, with their credentials, and reports filed
// through the real intake to act on.
import type { InboxPage, InboxReport, StatusAnswer } from '../../src/contract/reportStatus';
import type { RunningReceiver } from '../receiver';
import { envelopeFor, postReport, storedReport } from '../testSupport';

export const TABLET_TOKEN = 'tablet-token-of-the-tests';
export const OFFICER_TOKEN = 'officer-credential-of-the-tests';

/** null: no Authorization header at all. */
const bearer = (token: string | null): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {});

/** Files `count` reports through POST /api/reports, one after another; returns their ids, the first filed first. */
export async function fileReports(receiver: RunningReceiver, count: number, token: string | undefined = TABLET_TOKEN): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const envelope = await envelopeFor(storedReport());
    const response = await postReport(receiver, envelope, token ? { token } : {});
    if (response.status !== 201) throw new Error(`Filing a test report got ${response.status}`);
    ids.push(envelope.id);
  }
  return ids;
}

export function setStatus(
  receiver: RunningReceiver,
  id: string,
  body: unknown,
  { token = OFFICER_TOKEN, headers = {} }: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<Response> {
  return fetch(`${receiver.url}/api/inbox/reports/${id}/status`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...bearer(token), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Sets a status that must be taken; returns the signed change. */
export async function setStatusOk(receiver: RunningReceiver, id: string, body: unknown): Promise<string> {
  const response = await setStatus(receiver, id, body);
  if (response.status !== 201) throw new Error(`Setting a status got ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { change: string }).change;
}

export const inboxGet = (receiver: RunningReceiver, pathAndQuery: string, token: string | null = OFFICER_TOKEN): Promise<Response> =>
  fetch(`${receiver.url}/api/inbox/${pathAndQuery}`, { headers: bearer(token) });

export async function inboxPage(receiver: RunningReceiver, query = ''): Promise<InboxPage> {
  const response = await inboxGet(receiver, `reports${query}`);
  if (response.status !== 200) throw new Error(`The inbox page got ${response.status}: ${await response.text()}`);
  return (await response.json()) as InboxPage;
}

export async function inboxReport(receiver: RunningReceiver, id: string): Promise<InboxReport> {
  return (await (await inboxGet(receiver, `reports/${id}`)).json()) as InboxReport;
}

export const statusRequest = (receiver: RunningReceiver, ids: readonly string[] | string, token: string | null = TABLET_TOKEN): Promise<Response> =>
  fetch(`${receiver.endpoint}/status?ids=${typeof ids === 'string' ? ids : ids.join(',')}`, { headers: bearer(token) });

export async function statusesOf(receiver: RunningReceiver, ids: readonly string[]): Promise<StatusAnswer> {
  const response = await statusRequest(receiver, ids);
  if (response.status !== 200) throw new Error(`The status request got ${response.status}: ${await response.text()}`);
  return (await response.json()) as StatusAnswer;
}
