// In the header: can reports reach the receiver now, and when did one last get through.
import { useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { connectivity } from './connectivity';
import { useLastSyncSuccess } from './lastSyncSuccess';

export function ConnectionStatus() {
  const { t, formatDateTime } = useI18n();
  const { reachability } = useSyncExternalStore(connectivity.subscribe, connectivity.getState);
  const lastSuccess = useLastSyncSuccess();
  return (
    <div className={`connection connection-${reachability}`}>
      <p role="status" className="connection-state">
        <span className="connection-dot" aria-hidden="true" />
        <span className="visually-hidden">{t('connection.label')}: </span>
        {t(`connection.${reachability}`)}
      </p>
      <p className="connection-last">
        {lastSuccess ? t('connection.lastSync', { time: formatDateTime(lastSuccess) }) : t('connection.neverSynced')}
      </p>
    </div>
  );
}
