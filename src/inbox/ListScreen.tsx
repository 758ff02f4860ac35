// The received reports, newest first, a page of 50 from the receiver, each
// opened in the page; within the page, a child in immediate danger first.
// Filters (by status, "no reply yet") and paging are the receiver's.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { INBOX_PAGE_SIZE, REPORT_STATUSES, type ReportStatus } from '../contract/reportStatus';
import { PrivateForm } from '../lib/PrivateForm';
import { EntryCard } from './EntryCard';
import type { InboxProblem, InboxQuery } from './inboxApi';
import type { InboxSession } from './inboxSession';
import { useInboxText } from './inboxText';
import { loadPage, type LoadedPage } from './loadPage';
import { problemText } from './problemText';
import { dangerFirst } from './triage';

export interface ListQuery {
  filter: Pick<InboxQuery, 'status' | 'noReply'>;
  /** The `before` of each page gone to with "Older", in order: empty on the first page. */
  cursors: string[];
}

interface ListScreenProps {
  session: InboxSession;
  query: ListQuery;
  onQuery: (query: ListQuery) => void;
  /** null: to be fetched for `query`. */
  page: LoadedPage | null;
  onPage: (page: LoadedPage | null) => void;
  onOpenReport: (id: string) => void;
}

export function ListScreen({ session, query, onQuery, page, onPage, onOpenReport }: ListScreenProps) {
  const ti = useInboxText();
  const [problem, setProblem] = useState<InboxProblem | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const statusRef = useRef<HTMLSelectElement>(null);
  const noReplyRef = useRef<HTMLInputElement>(null);

  // On arrival (the inbox just opened, or back from a report), the reader starts at the list's heading.
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  useEffect(() => {
    if (page) return;
    let current = true;
    setProblem(null);
    const before = query.cursors.at(-1);
    void loadPage(session, { ...query.filter, ...(before === undefined ? {} : { before }) }).then((loaded) => {
      if (!current) return;
      if (loaded.ok) onPage(loaded.value);
      else setProblem(loaded.problem);
    });
    return () => {
      current = false;
    };
  }, [page, query, session, onPage]);

  const go = (next: ListQuery) => {
    onQuery(next);
    onPage(null);
    headingRef.current?.focus();
  };

  const filter = (event: FormEvent) => {
    event.preventDefault();
    const status = statusRef.current?.value as ReportStatus | '';
    go({ filter: { ...(status ? { status } : {}), ...(noReplyRef.current?.checked ? { noReply: true } : {}) }, cursors: [] });
  };

  const now = Date.now();
  const entries = page ? dangerFirst(page.entries, (item) => item.opened && item.facts.danger === 'yes') : [];
  const from = query.cursors.length * INBOX_PAGE_SIZE + 1;
  return (
    <section aria-labelledby="list-title">
      <h2 id="list-title" tabIndex={-1} ref={headingRef}>
        {ti('inbox.list.title')}
      </h2>
      <PrivateForm className="list-filters" onSubmit={filter} aria-label={ti('inbox.list.filters')}>
        <div className="field">
          <label htmlFor="filter-status">{ti('inbox.list.status')}</label>
          <select id="filter-status" ref={statusRef} defaultValue={query.filter.status ?? ''}>
            <option value="">{ti('inbox.list.anyStatus')}</option>
            {REPORT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {ti(`inbox.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <label className="choice">
          <input type="checkbox" ref={noReplyRef} defaultChecked={query.filter.noReply ?? false} />
          <span>{ti('inbox.list.noReply')}</span>
        </label>
        <button type="submit" className="button">
          {ti('inbox.list.apply')}
        </button>
      </PrivateForm>
      {problem ? (
        <div className="error-summary" role="alert">
          <p>{problemText(ti, problem)}</p>
          <button type="button" className="button" onClick={() => onPage(null)}>
            {ti('inbox.list.refresh')}
          </button>
        </div>
      ) : null}
      {!page && !problem ? <p role="status">{ti('inbox.list.loading')}</p> : null}
      {page ? (
        <>
          <p className="list-count" role="status">
            {page.total === 0
              ? ti('inbox.list.empty')
              : ti('inbox.list.count', { total: page.total, from: Math.min(from, page.total), to: from + page.entries.length - 1 })}
          </p>
          {page.entries.length > 0 ? <p className="hint">{ti('inbox.list.dangerFirst')}</p> : null}
          <ol className="inbox-list">
            {entries.map((item, index) => (
              <li key={item.entry?.id ?? `unreadable-${index}`}>
                <EntryCard item={item} now={now} onOpen={onOpenReport} />
              </li>
            ))}
          </ol>
          {query.cursors.length > 0 || page.next ? (
            <nav className="paging" aria-label={ti('inbox.list.paging')}>
              {query.cursors.length > 0 ? (
                <button type="button" className="button" onClick={() => go({ ...query, cursors: query.cursors.slice(0, -1) })}>
                  {ti('inbox.list.newer')}
                </button>
              ) : null}
              {page.next ? (
                <button type="button" className="button" onClick={() => go({ ...query, cursors: [...query.cursors, page.next as string] })}>
                  {ti('inbox.list.older')}
                </button>
              ) : null}
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
