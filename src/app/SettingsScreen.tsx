// Settings: my details and security, sending, storage, moving unsent reports.
import { useI18n } from '../i18n/I18nProvider';
import { SecuritySettings } from '../features/profiles/SecuritySettings';
import { StorageSection } from '../features/settings/StorageSection';
import { SyncSettingsForm } from '../features/settings/SyncSettingsForm';
import { TransferSection } from '../features/settings/TransferSection';
import { isOfflineReady } from './serviceWorker';

export function SettingsScreen() {
  const { t } = useI18n();
  return (
    <section>
      <h2>{t('settings.title')}</h2>
      <SyncSettingsForm />
      <StorageSection offlineReady={isOfflineReady()} />
      <TransferSection />
      <SecuritySettings />
    </section>
  );
}
