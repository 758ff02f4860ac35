// On the lock screen: how many reports wait to be sent and when the agency
// last received one. Reports leave while the tablet is locked, and whoever
// stands before it should see that they do, without seeing whose or what.
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '../../i18n/I18nProvider';
import { tabletSendingStatus } from '../../sync/tabletSendingStatus';

export function WaitingToSend() {
  const { t, formatDateTime } = useI18n();
  const status = useLiveQuery(tabletSendingStatus, []);
  if (!status) return null;
  return (
    <div className="sending-status" role="status">
      <p>{t('vault.waitingToSend', { count: status.waiting })}</p>
      {status.lastReceivedAt !== undefined ? <p>{t('vault.lastReceived', { time: formatDateTime(status.lastReceivedAt) })}</p> : null}
    </div>
  );
}
