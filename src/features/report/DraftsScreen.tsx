import { useI18n } from '../../i18n/I18nProvider';
import { DraftList } from './DraftList';

export function DraftsScreen() {
  const { t } = useI18n();
  return (
    <section>
      <h2>{t('drafts.title')}</h2>
      <DraftList />
    </section>
  );
}
