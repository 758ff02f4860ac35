// One received report in full, read-only and printable on A4: its receipt,
// the answers by the tablet's groups and labels, the status history, and the
// control to set the next status. The status form stays in place when the
// report is loaded again, so that a note being written is never lost.
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatReference } from '../contract/referenceCode';
import { useI18n } from '../i18n/I18nProvider';
import { filingGapText } from './EntryCard';
import { getInboxReport, type InboxProblem } from './inboxApi';
import type { InboxSession } from './inboxSession';
import { useInboxText } from './inboxText';
import { HistoryList } from './HistoryList';
import { openEntries, type OpenedEntry } from './openEntries';
import { problemText } from './problemText';
import { ReportAnswers } from './ReportAnswers';
import { readHistory, type HistoryEntry } from './statusHistory';
import { StatusForm } from './StatusForm';
import { statusText } from './statusText';
import { awaitingReply, awaitingResult } from './triage';

interface Loaded {
  item: OpenedEntry;
  history: HistoryEntry[];
}

export function ReportScreen({ session, id, onBack }: { session: InboxSession; id: string; onBack: () => void }) {
  const { formatDateTime } = useI18n();
  const ti = useInboxText();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [problem, setProblem] = useState<InboxProblem | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const load = useCallback(async () => {
    setProblem(null);
    const got = await getInboxReport(session.credential, id);
    if (!got.ok) {
      setProblem(got.problem);
      return;
    }
    const [[item], history] = await Promise.all([openEntries([got.value], session.keys, session.opened), readHistory(got.value.history, id)]);
    setLoaded({ item: item as OpenedEntry, history });
  }, [session, id]);

  useEffect(() => {
    void load();
  }, [load]);

  const focusedOnce = useRef(false);
  useEffect(() => {
    if (loaded && !focusedOnce.current) {
      focusedOnce.current = true;
      headingRef.current?.focus();
    }
  }, [loaded]);

  const back = (
    <button type="button" className="button secondary no-print" onClick={onBack}>
      {ti('inbox.report.back')}
    </button>
  );
  if (!loaded) {
    return (
      <section>
        {back}
        {problem ? (
          <div className="error-summary" role="alert">
            <p>{problemText(ti, problem)}</p>
          </div>
        ) : (
          <p role="status">{ti('inbox.report.loading')}</p>
        )}
      </section>
    );
  }

  const { item, history } = loaded;
  const entry = item.entry as NonNullable<OpenedEntry['entry']>;
  const reference = formatReference(entry.reference);
  const latest = history.findLast((change) => change !== undefined);
  const now = Date.now();
  const receipt: [label: string, value: string, className?: string][] = [
    [ti('inbox.report.reference'), reference],
    [ti('inbox.report.receiptId'), entry.receiptId],
    [ti('inbox.report.receivedAt'), formatDateTime(entry.receivedAt)],
    [ti('inbox.report.submittedAt'), formatDateTime(entry.submittedAt)],
    [ti('inbox.report.createdAt'), formatDateTime(entry.createdAt)],
    ...(item.opened && item.facts.discoveryToFilingMs !== undefined
      ? [[ti('inbox.report.timing'), filingGapText(ti, item.facts.discoveryToFilingMs)] as [string, string]]
      : []),
    [ti('inbox.report.contentHash'), entry.contentHash, 'hash'],
  ];
  return (
    <article className="report-view" aria-labelledby="report-title">
      <div className="report-actions no-print">
        {back}
        <button type="button" className="button" onClick={() => window.print()}>
          {ti('inbox.report.print')}
        </button>
      </div>
      <p className="print-only confidential">{ti('inbox.report.confidential')}</p>
      <h2 id="report-title" tabIndex={-1} ref={headingRef}>
        {ti('inbox.report.title', { reference })}
      </h2>
      {problem ? (
        <div className="error-summary no-print" role="alert">
          <p>{problemText(ti, problem)}</p>
        </div>
      ) : null}
      {item.opened && item.facts.danger === 'yes' ? <p className="flag flag-danger flag-large">{ti('inbox.row.danger')}</p> : null}
      <p className="report-status">
        <span className={`status status-${entry.status}`}>
          {ti('inbox.row.status', { status: statusText(ti, entry.status, latest?.status === entry.status ? latest.referredTo : undefined) })}
        </span>
        {awaitingReply(entry.status, entry.receivedAt, now) ? <span className="flag flag-reply">{ti('inbox.row.noReply')}</span> : null}
        {awaitingResult(entry.status, entry.receivedAt, now) ? <span className="flag flag-result">{ti('inbox.row.noResult')}</span> : null}
      </p>
      <div className="report-columns">
        <div className="report-main">
          <section className="review-section" aria-labelledby="receipt-title">
            <h3 id="receipt-title">{ti('inbox.report.receipt')}</h3>
            <dl>
              {receipt.map(([label, value, className]) => (
                <div key={label} className="review-row read-only">
                  <dt>{label}</dt>
                  <dd className={className}>{value}</dd>
                </div>
              ))}
            </dl>
          </section>
          {item.opened ? (
            <>
              {item.problems > 0 ? <p className="entry-invalid">{ti('inbox.report.invalid', { count: item.problems })}</p> : null}
              <ReportAnswers values={item.report} />
            </>
          ) : (
            <div className="error-summary" role="alert">
              <p>{ti(`inbox.notOpened.${item.problem}`, { kid: item.kid ?? '' })}</p>
            </div>
          )}
        </div>
        <div className="report-side">
          <HistoryList history={history} />
          <StatusForm session={session} entry={entry} onChanged={load} />
        </div>
      </div>
      <p className="print-only">{ti('inbox.report.printedAt', { time: formatDateTime(now) })}</p>
    </article>
  );
}
