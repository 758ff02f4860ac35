// One page of the inbox, fetched and opened: what the list shows.
import { INBOX_PAGE_SIZE } from '../contract/reportStatus';
import { listInboxReports, type InboxOutcome, type InboxQuery } from './inboxApi';
import { openEntries, type OpenedEntry } from './openEntries';
import type { InboxSession } from './inboxSession';

export interface LoadedPage {
  /** The reports of the page in the receiver's order, newest received first, each opened or with why not. */
  entries: OpenedEntry[];
  next?: string;
  total: number;
}

export async function loadPage(session: InboxSession, query: InboxQuery): Promise<InboxOutcome<LoadedPage>> {
  const listed = await listInboxReports(session.credential, query, INBOX_PAGE_SIZE);
  if (!listed.ok) return listed;
  const { reports, next, total } = listed.value;
  return { ok: true, value: { entries: await openEntries(reports, session.keys, session.opened), total, ...(next === undefined ? {} : { next }) } };
}
