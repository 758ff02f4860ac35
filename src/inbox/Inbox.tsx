// The open inbox: the list of received reports, or one report in full. The
// list keeps its filter and page while a report is read, and is fetched again
// on the way back, so that a status just set shows there. The browser's Back
// button returns from a report to the list, within the page (leaving the page
// would forget the key).
import { useCallback, useEffect, useState } from 'react';
import type { InboxSession } from './inboxSession';
import { ListScreen, type ListQuery } from './ListScreen';
import type { LoadedPage } from './loadPage';
import { ReportScreen } from './ReportScreen';

const REPORT_STATE = 'shouhu.inbox.report';

export function Inbox({ session, firstPage }: { session: InboxSession; firstPage: LoadedPage }) {
  const [reportId, setReportId] = useState<string | null>(null);
  const [query, setQuery] = useState<ListQuery>({ filter: {}, cursors: [] });
  const [page, setPage] = useState<LoadedPage | null>(firstPage);

  useEffect(() => {
    const onPopState = (event: PopStateEvent) => {
      const state = event.state as { [REPORT_STATE]?: string } | null;
      setReportId(state?.[REPORT_STATE] ?? null);
      if (!state?.[REPORT_STATE]) setPage(null);
    };
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const openReport = useCallback((id: string) => {
    // The id goes into the history's state, not the address: the address stays /inbox.
    history.pushState({ [REPORT_STATE]: id }, '');
    setReportId(id);
    window.scrollTo(0, 0);
  }, []);

  const backToList = useCallback(() => {
    if ((history.state as Record<string, unknown> | null)?.[REPORT_STATE]) history.back();
    else {
      setReportId(null);
      setPage(null);
    }
  }, []);

  if (reportId) return <ReportScreen key={reportId} session={session} id={reportId} onBack={backToList} />;
  return <ListScreen session={session} query={query} onQuery={setQuery} page={page} onPage={setPage} onOpenReport={openReport} />;
}
