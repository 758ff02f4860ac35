// Settings in two parts: what every staff member uses (my details, language,
// password, lock time), and what the tablet's administrator sets (where
// reports go, retention, storage, moving unsent reports, accounts, erasing).
import { useI18n } from '../i18n/I18nProvider';
import {
  AddColleague,
  EraseTablet,
  LockTimeSetting,
  MyDetails,
  PassphraseChange,
  RetentionSettings,
} from '../features/profiles/SecuritySettings';
import { StorageSection } from '../features/settings/StorageSection';
import { SyncSettingsForm } from '../features/settings/SyncSettingsForm';
import { TransferSection } from '../features/settings/TransferSection';
import { LanguageSetting } from './LanguageSetting';
import { isOfflineReady } from './serviceWorker';

export function SettingsScreen() {
  const { t } = useI18n();
  return (
    <section>
      <h2>{t('settings.title')}</h2>
      <section className="settings-part" aria-labelledby="settings-mine">
        <h2 id="settings-mine">{t('settings.mine')}</h2>
        <p className="step-intro">{t('settings.mineIntro')}</p>
        <MyDetails />
        <LanguageSetting />
        <PassphraseChange />
        <LockTimeSetting />
      </section>
      <section className="settings-part settings-admin" aria-labelledby="settings-admin">
        <h2 id="settings-admin">{t('settings.admin')}</h2>
        <p className="step-intro">{t('settings.adminIntro')}</p>
        <SyncSettingsForm />
        <RetentionSettings />
        <StorageSection offlineReady={isOfflineReady()} />
        <TransferSection />
        <AddColleague />
        <EraseTablet />
      </section>
    </section>
  );
}
