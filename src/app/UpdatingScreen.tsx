// Shown for the moment between "reload" and the new version: the screens are
// closed so that an open report saves its draft.
import { useI18n } from '../i18n/I18nProvider';

export function UpdatingScreen() {
  const { t } = useI18n();
  return (
    <main className="app updating">
      <p role="status">{t('update.applying')}</p>
    </main>
  );
}
