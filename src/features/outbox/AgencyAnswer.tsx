// Under an acknowledged report: where it stands with the agency, since when,
// its mark when the agency is late (words and an icon, not colour alone), and
// the agency's note, shown as text and marked as the agency's.
import { useI18n } from '../../i18n/I18nProvider';
import { MarkIcon } from '../../lib/MarkIcon';
import { QuotedNote } from '../../lib/QuotedNote';
import type { OutboxItem } from '../../storage/db';
import { agencyAnswerOf } from '../../sync/keptStatus';
import type { StatusMark } from '../../sync/statusTimers';
import { agencyStatusWords, markWords, noteCaption } from '../../sync/statusWords';

/** `mark`: the item's mark now (statusTimers.ts markOf), passed in so that a list re-renders only the entries whose mark changed. */
export function AgencyAnswer({ item, mark }: { item: OutboxItem; mark: StatusMark | undefined }) {
  const { t, formatDateTime } = useI18n();
  const answer = agencyAnswerOf(item);
  if (!answer) return null;
  return (
    <div className="agency-answer">
      <p className={`agency-status agency-status-${answer.status}`}>
        {t('agencyStatus.label')}
        <strong>{agencyStatusWords(t, answer)}</strong>
        {/* "Received" carries the time received, shown just above. */}
        {answer.at && answer.status !== 'received' ? <span className="agency-status-time">{formatDateTime(answer.at)}</span> : null}
      </p>
      {mark ? (
        <p className={`status-mark mark-${mark}`}>
          <MarkIcon kind={mark} />
          {markWords(t, mark)}
        </p>
      ) : null}
      {answer.status === 'needs_information' ? <p>{t('agencyStatus.needsInformationHelp')}</p> : null}
      {answer.note ? <QuotedNote caption={noteCaption(t, answer)} text={answer.note} /> : null}
    </div>
  );
}
