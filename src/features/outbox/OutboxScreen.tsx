// Every filed report and where it stands; sending progress; what needs attention.
// A tablet keeps thousands of reports: the screen reads and shows the newest
// OUTBOX_PAGE_SIZE, and as many more at each "show more", and finds any one by
// its reference code. Each entry says whose report it is (the child) and why.
import { useLiveQuery } from 'dexie-react-hooks';
import { memo, useEffect, useRef, useState } from 'react';
import { Link } from '../../lib/Link';
import { paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { formatReference } from '../../contract/referenceCode';
import { db, type OutboxItem } from '../../storage/db';
import { listOutboxPage, OUTBOX_PAGE_SIZE, type OutboxPage } from '../../sync/queue';
import { retryConflict } from '../../sync/retryConflict';
import type { PauseReason } from '../../sync/sendingPause';
import { sendErrorText } from '../../sync/sendErrorText';
import { requestSync, resumeSync } from '../../sync/syncService';
import { readSyncSuccess } from '../../storage/lastSyncSuccess';
import { EntrySummary } from './EntrySummary';
import { ReferenceSearch } from './ReferenceSearch';
import { useSyncState } from './useSyncState';
import { AgencyAnswer } from './AgencyAnswer';
import { useNow } from '../../lib/useNow';
import { markOf, type StatusMark } from '../../sync/statusTimers';

const NEEDS_ATTENTION = new Set(['rejected', 'conflict', 'paused']);

/** What the pause banner says, by the reason sending stopped. */
const PAUSE_MESSAGES = {
  auth: 'outbox.pausedAuth',
  config: 'outbox.pausedConfig',
  unconfirmed: 'outbox.pausedUnconfirmed',
  noSigningKey: 'outbox.pausedNoSigningKey',
} as const satisfies Record<PauseReason, string>;

export function OutboxScreen() {
  const { t, formatDateTime } = useI18n();
  const [limit, setLimit] = useState(OUTBOX_PAGE_SIZE);
  const live = useLiveQuery(() => listOutboxPage(limit), [limit]);
  // While a longer page loads, keep showing the shorter one (no flash of "loading").
  const lastPage = useRef<OutboxPage | undefined>(undefined);
  if (live) lastPage.current = live;
  const page = live ?? lastPage.current;
  const sync = useSyncState();
  // The 3-day and 3-month marks move with the time, on a screen left open too.
  const now = useNow();
  // The last success as kept across restarts (the engine knows only its own since this page loaded).
  const lastKept = useLiveQuery(() => readSyncSuccess(), []);
  const [busy, setBusy] = useState(false);
  const [found, setFound] = useState<OutboxItem | undefined>();
  // After "show more", focus moves to the first report added, for keyboard and screen reader users.
  const firstAdded = useRef<{ index: number; focus: boolean }>({ index: -1, focus: false });
  const listRef = useRef<HTMLUListElement>(null);
  const shown = page?.items.length ?? 0;
  useEffect(() => {
    const { index, focus } = firstAdded.current;
    if (!focus || shown <= index) return;
    firstAdded.current = { index, focus: false };
    (listRef.current?.children[index] as HTMLElement | undefined)?.focus();
  }, [shown]);

  if (!page) return <p>{t('common.loading')}</p>;
  const { items, total, waiting } = page;
  const lastSuccessAt = Math.max(sync.lastSuccessAt ?? 0, lastKept ?? 0) || undefined;
  // Never "nothing sent yet" beside a report the agency has received (sent by an older version, say).
  const anyReceived = items.some((item) => item.status === 'acknowledged');

  const syncNow = async () => {
    setBusy(true);
    await resumeSync();
    setBusy(false);
  };

  const showMore = () => {
    firstAdded.current = { index: items.length, focus: true };
    setLimit(items.length + OUTBOX_PAGE_SIZE);
  };

  return (
    <section>
      <h2>{t('outbox.title')}</h2>
      {sync.paused ? (
        <div className="error-summary" role="alert">
          <p>{t(PAUSE_MESSAGES[sync.pauseReason ?? 'auth'])}</p>
          {/* Only the deployment's config.json can name the signing keys: Settings cannot help with that one. */}
          {sync.pauseReason === 'noSigningKey' ? null : <Link to={paths.settings}>{t('outbox.openSettings')}</Link>}
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
          {lastSuccessAt ? t('outbox.lastSync', { time: formatDateTime(lastSuccessAt) }) : anyReceived ? null : t('outbox.neverSynced')}
        </p>
      </div>
      {sync.syncing && sync.total > 0 ? (
        <progress className="sync-meter" max={sync.total} value={sync.sent} aria-label={t('outbox.progress', { sent: sync.sent, total: sync.total })} />
      ) : null}
      {total > 0 ? <ReferenceSearch onFound={setFound} /> : null}
      {found ? (
        <ul className="card-list outbox-list" aria-label={t('outbox.searchLabel')}>
          <OutboxEntry item={found} focusable={false} mark={markOf(found, now)} />
        </ul>
      ) : items.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <>
          <ul className="card-list outbox-list" aria-label={t('outbox.title')} ref={listRef}>
            {items.map((item, index) => (
              <OutboxEntry key={item.id} item={item} focusable={index >= OUTBOX_PAGE_SIZE} mark={markOf(item, now)} />
            ))}
          </ul>
          {total > items.length ? (
            <div className="outbox-more">
              <p>{t('outbox.shown', { shown: items.length, total })}</p>
              <button type="button" className="button secondary" onClick={showMore}>
                {t('outbox.showMore', { count: Math.min(OUTBOX_PAGE_SIZE, total - items.length) })}
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

/** One report in the list. Memoised: progress updates while sending re-render the screen, not every entry. */
const OutboxEntry = memo(function OutboxEntry({ item, focusable, mark }: { item: OutboxItem; focusable: boolean; mark: StatusMark | undefined }) {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;

  const sendConflictAgain = async () => {
    await retryConflict(db, item.id);
    requestSync();
  };

  return (
    <li className={NEEDS_ATTENTION.has(item.status) ? 'card attention' : mark ? `card marked marked-${mark}` : 'card'} tabIndex={focusable ? -1 : undefined}>
      <div>
        <h3 className="reference">{formatReference(item.reference)}</h3>
        <EntrySummary item={item} />
        <p className={`status status-${item.status}`}>
          <span className="visually-hidden">{t('outbox.status')}</span>
          {t(`status.${item.status}`)}
        </p>
        <p>{t('outbox.submittedAt', { time: formatDateTime(item.submittedAt) })}</p>
        {item.receivedAt || item.acknowledgedAt ? (
          <p>{t('outbox.acknowledgedAt', { time: formatDateTime(item.receivedAt ?? item.acknowledgedAt ?? '') })}</p>
        ) : null}
        <AgencyAnswer item={item} mark={mark} />
        {item.lastError && item.status !== 'acknowledged' ? (
          <p className="send-error">{t('outbox.problem', { problem: sendErrorText(i18n, item.lastError) })}</p>
        ) : null}
        {item.status === 'queued' && item.attempts > 0 && Number.isFinite(item.nextAttemptAt) ? (
          <p>{t('outbox.nextAttempt', { time: formatDateTime(item.nextAttemptAt), count: item.attempts })}</p>
        ) : null}
        {item.status === 'conflict' ? <p>{t('outbox.conflictHelp')}</p> : null}
      </div>
      <div className="card-actions">
        {item.status === 'conflict' ? (
          <button type="button" className="button secondary" onClick={() => void sendConflictAgain()}>
            {t('outbox.retryConflict')}
          </button>
        ) : null}
        {item.contentErasedAt ? null : (
          <Link className="button secondary" to={paths.filedReport(item.id)} aria-label={`${t('outbox.read')} ${formatReference(item.reference)}`}>
            {t('outbox.read')}
          </Link>
        )}
        <Link className="button secondary" to={paths.receipt(item.id)} aria-label={`${t('outbox.receipt')} ${formatReference(item.reference)}`}>
          {t('outbox.receipt')}
        </Link>
      </div>
    </li>
  );
});
