// A report's status history, oldest first: each change with its time, its
// status (and where a referral went) and the note the reporter was sent.
import { useI18n } from '../i18n/I18nProvider';
import { useInboxText } from './inboxText';
import type { HistoryEntry } from './statusHistory';
import { statusText } from './statusText';

export function HistoryList({ history }: { history: readonly HistoryEntry[] }) {
  const { formatDateTime } = useI18n();
  const ti = useInboxText();
  return (
    <section className="review-section history" aria-labelledby="history-title">
      <h3 id="history-title">{ti('inbox.history.title')}</h3>
      {history.length === 0 ? (
        <p>{ti('inbox.history.none')}</p>
      ) : (
        <ol>
          {history.map((change, index) =>
            change ? (
              <li key={change.seq}>
                <p className="history-head">
                  <time dateTime={change.at}>{formatDateTime(change.at)}</time> <strong>{statusText(ti, change.status, change.referredTo)}</strong>
                </p>
                {change.note ? <p className="history-note">{ti('inbox.history.note', { note: change.note })}</p> : null}
              </li>
            ) : (
              <li key={`unreadable-${index}`}>{ti('inbox.history.unreadable')}</li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}
