// In the header: can reports reach the receiver now, and when did one last get
// through; when they cannot, what that means for the reports (they wait here).
import { useLiveQuery } from 'dexie-react-hooks';
import { useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { readSyncSuccess } from '../storage/lastSyncSuccess';
import { connectionWords } from './connectionWords';
import { connectivity } from './connectivity';

export function ConnectionStatus() {
  const { t, formatDateTime } = useI18n();
  const { reachability } = useSyncExternalStore(connectivity.subscribe, connectivity.getState);
  const lastSuccess = useLiveQuery(() => readSyncSuccess(), []);
  // Read at each change of state: the monitor hears of every change of the browser's network.
  const words = connectionWords(reachability, navigator.onLine);
  const detail = words.detail
    ? t(words.detail)
    : lastSuccess
      ? t('connection.lastSync', { time: formatDateTime(lastSuccess) })
      : t('connection.neverSynced');
  return (
    <div className={`connection connection-${reachability}`}>
      <p role="status" className="connection-state">
        <span className="connection-dot" aria-hidden="true" />
        <span className="visually-hidden">{t('connection.label')}: </span>
        {t(words.state)}
      </p>
      <p className="connection-last">{detail}</p>
    </div>
  );
}
