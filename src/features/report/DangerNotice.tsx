// Under the danger question: when the child is in danger now, calling 110 or
// 120 comes before the form. Nothing to dismiss: the buttons are there, and
// the review asks again if the police were not called.
import { useWatch } from 'react-hook-form';
import { useI18n } from '../../i18n/I18nProvider';
import type { ReportInput } from '../../contract/schema';

export function DangerNotice() {
  const { t } = useI18n();
  const danger = useWatch<ReportInput, 'incident.immediateDanger'>({ name: 'incident.immediateDanger' });
  if (danger !== 'yes') return null;
  return (
    <section className="danger-notice" role="alert" aria-labelledby="danger-title">
      <h3 id="danger-title">{t('danger.title')}</h3>
      <p>{t('danger.body')}</p>
      <div className="danger-actions">
        <a className="button danger" href="tel:110">
          {t('danger.call110')}
        </a>
        <a className="button danger" href="tel:120">
          {t('danger.call120')}
        </a>
      </div>
    </section>
  );
}
