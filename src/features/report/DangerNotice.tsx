// When the child is in immediate danger, calling 110 or 120 comes before anything else.
import { useEffect, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { useI18n } from '../../i18n/I18nProvider';
import type { ReportInput } from '../../contract/schema';

export function DangerNotice() {
  const { t } = useI18n();
  const danger = useWatch<ReportInput, 'incident.immediateDanger'>({ name: 'incident.immediateDanger' });
  const [acknowledged, setAcknowledged] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const inDanger = danger === 'yes';

  useEffect(() => {
    if (inDanger && !acknowledged) {
      window.scrollTo(0, 0);
      headingRef.current?.focus();
    }
    if (!inDanger) setAcknowledged(false);
  }, [inDanger, acknowledged]);

  if (!inDanger) return null;
  return (
    <section className={acknowledged ? 'danger-notice compact' : 'danger-notice'} role="alert" aria-labelledby="danger-title">
      <h2 id="danger-title" ref={headingRef} tabIndex={-1}>
        {t('danger.title')}
      </h2>
      {acknowledged ? null : <p>{t('danger.body')}</p>}
      <div className="danger-actions">
        <a className="button danger" href="tel:110">
          {t('danger.call110')}
        </a>
        <a className="button danger" href="tel:120">
          {t('danger.call120')}
        </a>
        {acknowledged ? null : (
          <button type="button" className="button secondary" onClick={() => setAcknowledged(true)}>
            {t('danger.continue')}
          </button>
        )}
      </div>
    </section>
  );
}
