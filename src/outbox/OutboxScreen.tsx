// Every filed report and where it stands; sending progress; what needs attention.
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link } from '../app/Link';
import { navigate, paths } from '../app/router';
import { useI18n } from '../i18n/I18nProvider';
import { formatReference } from '../receipt/referenceCode';
import { STEPS, stepOfSection } from '../report/steps';
import { db, type OutboxItem } from './db';
import { listOutbox, openForCorrection } from './queue';
import { retryConflict } from './resendReport';
import { sendErrorText } from './sendErrorText';
import { requestSync, resumeSync } from './syncService';
import { useSyncState } from './useSyncState';

const NEEDS_ATTENTION = new Set(['rejected', 'conflict', 'paused']);

export function OutboxScreen() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const items = useLiveQuery(listOutbox, []);
  const sync = useSyncState();
  const [busy, setBusy] = useState(false);

  if (!items) return <p>{t('common.loading')}</p>;
  const waiting = items.filter((item) => item.status !== 'acknowledged').length;

  const syncNow = async () => {
    setBusy(true);
    await resumeSync();
    setBusy(false);
  };

  const correct = async (item: OutboxItem) => {
    const firstField = item.lastError?.fields?.[0]?.path ?? '';
    const step = firstField ? stepOfSection(firstField.split('.')[0] ?? '') : 0;
    await openForCorrection(item.id, Math.min(step, STEPS.length - 1));
    navigate(paths.report(item.id, Math.min(step, STEPS.length - 1)));
  };

  const sendConflictAgain = async (item: OutboxItem) => {
    await retryConflict(db, item.id);
    requestSync();
  };

  return (
    <section>
      <h2>{t('outbox.title')}</h2>
      {sync.paused ? (
        <div className="error-summary" role="alert">
          <p>{sync.pauseReason === 'config' ? t('outbox.pausedConfig') : t('outbox.pausedAuth')}</p>
          <Link to={paths.settings}>{t('outbox.openSettings')}</Link>
        </div>
      ) : null}
      <div className="sync-bar">
        <button type="button" className="button primary" disabled={busy || sync.syncing} onClick={() => void syncNow()}>
          {sync.syncing ? t('outbox.syncing') : t('outbox.syncNow')}
        </button>
        <p role="status" className="sync-progress">
          {sync.syncing && sync.total > 0 ? t('outbox.progress', { sent: sync.sent, total: sync.total }) : null}
          {!sync.syncing && waiting > 0 ? t('outbox.waiting', { count: waiting }) : null}
        </p>
        <p className="sync-last">
          {sync.lastSuccessAt ? t('outbox.lastSync', { time: formatDateTime(sync.lastSuccessAt) }) : t('outbox.neverSynced')}
        </p>
      </div>
      {sync.syncing && sync.total > 0 ? (
        <progress className="sync-meter" max={sync.total} value={sync.sent} aria-label={t('outbox.progress', { sent: sync.sent, total: sync.total })} />
      ) : null}
      {items.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <ul className="card-list outbox-list" aria-label={t('outbox.title')}>
          {items.map((item) => (
            <li key={item.id} className={NEEDS_ATTENTION.has(item.status) ? 'card attention' : 'card'}>
              <div>
                <h3 className="reference">{formatReference(item.reference)}</h3>
                <p className={`status status-${item.status}`}>
                  <span className="visually-hidden">{t('outbox.status')}: </span>
                  {t(`status.${item.status}`)}
                </p>
                <p>
                  {t('outbox.submittedAt')}: {formatDateTime(item.submittedAt)}
                </p>
                {item.receivedAt || item.acknowledgedAt ? (
                  <p>
                    {t('outbox.acknowledgedAt')}: {formatDateTime(item.receivedAt ?? item.acknowledgedAt ?? '')}
                  </p>
                ) : null}
                {item.lastError && item.status !== 'acknowledged' ? (
                  <p className="send-error">
                    {t('outbox.problem')}: {sendErrorText(i18n, item.lastError)}
                  </p>
                ) : null}
                {item.status === 'queued' && item.attempts > 0 ? (
                  <p>{t('outbox.nextAttempt', { time: formatDateTime(item.nextAttemptAt), count: item.attempts })}</p>
                ) : null}
                {item.status === 'conflict' ? <p>{t('outbox.conflictHelp')}</p> : null}
              </div>
              <div className="card-actions">
                {item.status === 'rejected' ? (
                  <button type="button" className="button primary" onClick={() => void correct(item)}>
                    {t('outbox.correct')}
                  </button>
                ) : null}
                {item.status === 'conflict' ? (
                  <button type="button" className="button secondary" onClick={() => void sendConflictAgain(item)}>
                    {t('outbox.retryConflict')}
                  </button>
                ) : null}
                <Link className="button secondary" to={paths.receipt(item.id)} aria-label={`${t('outbox.receipt')} ${formatReference(item.reference)}`}>
                  {t('outbox.receipt')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
