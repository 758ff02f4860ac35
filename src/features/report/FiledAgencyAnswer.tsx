// In the read-only view of a filed report: what the agency made of it. Its
// status in words and since when, a mark with what to do when the agency is
// late (words and an icon, not colour alone), and the agency's note, as text
// and marked as the agency's. Follows the record, so that an answer fetched
// while the report is open shows at once.
import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { MarkIcon } from '../../lib/MarkIcon';
import { QuotedNote } from '../../lib/QuotedNote';
import { useNow } from '../../lib/useNow';
import { agencyAnswerOf } from '../../sync/keptStatus';
import { getOwnItem } from '../../sync/queue';
import { markOf } from '../../sync/statusTimers';
import { agencyStatusWords, markWords, noteCaption } from '../../sync/statusWords';

export function FiledAgencyAnswer({ id }: { id: string }) {
  const { t, formatDateTime } = useI18n();
  const titleId = useId();
  const now = useNow();
  const item = useLiveQuery(() => getOwnItem(id), [id]);
  const answer = item && agencyAnswerOf(item);
  if (!item || !answer) return null;
  const mark = markOf(item, now);
  return (
    <section className={mark ? `agency-answer agency-answer-full marked-${mark}` : 'agency-answer agency-answer-full'} aria-labelledby={titleId}>
      <h3 id={titleId}>{t('agencyStatus.title')}</h3>
      <p className={`agency-status agency-status-${answer.status}`}>
        {t('agencyStatus.current')}
        <strong>{agencyStatusWords(t, answer)}</strong>
        {answer.at ? <span className="agency-status-time">{formatDateTime(answer.at)}</span> : null}
      </p>
      {mark ? (
        <div className={`status-mark mark-${mark}`}>
          <p>
            <MarkIcon kind={mark} />
            {markWords(t, mark)}
          </p>
          <p className="status-mark-help">{t(mark === 'noReply' ? 'statusMark.noReplyHelp' : 'statusMark.noResultHelp')}</p>
        </div>
      ) : null}
      {answer.status === 'needs_information' ? <p>{t('agencyStatus.needsInformationHelp')}</p> : null}
      {answer.note ? <QuotedNote caption={noteCaption(t, answer)} text={answer.note} /> : null}
      {answer.status === 'received' ? <p className="agency-waiting">{t('agencyStatus.waiting')}</p> : null}
    </section>
  );
}
