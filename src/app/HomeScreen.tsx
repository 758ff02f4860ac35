// The first screen: start a report, or carry on with an unfinished one.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { countDrafts } from '../vault/drafts';
import { DraftList } from '../features/report/DraftList';
import { FollowUpSummary } from '../features/outbox/FollowUpSummary';
import { startReport } from '../features/report/startReport';
import { Link } from '../lib/Link';
import { paths } from '../lib/router';

export function HomeScreen() {
  const { t } = useI18n();
  const draftCount = useLiveQuery(countDrafts, []);
  const [starting, setStarting] = useState(false);
  return (
    <section className="home">
      <h2>{t('home.title')}</h2>
      <p className="emergency" role="note">
        {t('home.emergency')}
      </p>
      <p>{t('home.intro')}</p>
      <button
        type="button"
        className="button primary large"
        disabled={starting}
        onClick={() => {
          setStarting(true);
          void startReport().finally(() => setStarting(false));
        }}
      >
        {t('home.start')}
      </button>
      <FollowUpSummary />
      {draftCount ? (
        <section className="resume" aria-labelledby="resume-title">
          <h2 id="resume-title">{t('home.resumeTitle')}</h2>
          <p>{t('home.resumeIntro')}</p>
          <DraftList limit={3} />
          {draftCount > 3 ? <Link to={paths.drafts}>{t('home.allDrafts')}</Link> : null}
        </section>
      ) : null}
    </section>
  );
}
