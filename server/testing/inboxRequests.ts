// Requests to the status and inbox routes for the receiver's tests: an
// officer's and a tablet's, with their credentials, and reports filed
// through the real intake to act on.
import type { InboxPage, InboxReport, StatusAnswer } from '../../src/contract/reportStatus';
import type { RunningReceiver } from '../receiver';
import { envelopeFor, postReport, storedReport } from '../testSupport';
import { bearer, OFFICER_TOKEN } from './officerRequests';

export const TABLET_TOKEN = 'tablet-token-of-the-tests';

export { OFFICER_TOKEN, setStatus, setStatusOk } from './officerRequests';

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
