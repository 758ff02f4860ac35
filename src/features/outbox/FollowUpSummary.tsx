// On the home screen: how many of the profile's reports the agency is late
// with, a reply after 3 days or a result after 3 months, with the way to them.
// Counted from an index alone (statusTimers.ts), however many reports the tablet keeps.
import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { Link } from '../../lib/Link';
import { MarkIcon } from '../../lib/MarkIcon';
import { paths } from '../../lib/router';
import { useNow } from '../../lib/useNow';
import { countOwnMarks } from '../../sync/statusTimers';

export function FollowUpSummary() {
  const { t } = useI18n();
  const titleId = useId();
  const now = useNow();
  const counts = useLiveQuery(() => countOwnMarks(now), [now]);
  if (!counts || (counts.noReply === 0 && counts.noResult === 0)) return null;
  return (
    <section className="follow-up" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('home.followUpTitle')}</h2>
      <ul>
        {counts.noResult > 0 ? (
          <li className="status-mark mark-noResult">
            <MarkIcon kind="noResult" />
            {t('home.followUpNoResult', { count: counts.noResult })}
          </li>
        ) : null}
        {counts.noReply > 0 ? (
          <li className="status-mark mark-noReply">
            <MarkIcon kind="noReply" />
            {t('home.followUpNoReply', { count: counts.noReply })}
          </li>
        ) : null}
      </ul>
      <Link to={paths.outbox}>{t('home.followUpLink')}</Link>
    </section>
  );
}
