// "A new version is ready — reload": the app never reloads by itself, the user chooses when.
import { useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { applyUpdate, getUpdateState, subscribeUpdateState } from './serviceWorker';

export function UpdatePrompt() {
  const { t } = useI18n();
  const state = useSyncExternalStore(subscribeUpdateState, getUpdateState);
  return (
    <div className={state === 'none' ? 'notice-slot' : 'notice update-notice'}>
      <p role="status">{state === 'none' ? '' : t('update.ready')}</p>
      {state === 'none' ? null : (
        <button type="button" className="button primary" disabled={state === 'applying'} onClick={() => void applyUpdate()}>
          {state === 'applying' ? t('update.applying') : t('update.reload')}
        </button>
      )}
    </div>
  );
}
