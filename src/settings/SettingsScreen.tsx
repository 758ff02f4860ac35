// Settings: my details and security, sending, storage, moving unsent reports.
import { useI18n } from '../i18n/I18nProvider';
import { SecuritySettings } from '../vault/SecuritySettings';
import { StorageSection } from './StorageSection';
import { SyncSettingsForm } from './SyncSettingsForm';
import { TransferSection } from './TransferSection';

export function SettingsScreen() {
  const { t } = useI18n();
  return (
    <section>
      <h2>{t('settings.title')}</h2>
      <SyncSettingsForm />
      <StorageSection />
      <TransferSection />
      <SecuritySettings />
    </section>
  );
}
