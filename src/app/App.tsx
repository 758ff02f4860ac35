// The shell: navigation, language switch and the screen for the current address.
import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useEffect, useSyncExternalStore } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { LanguageButton } from '../i18n/LanguageButton';
import { countUnacknowledged } from '../storage/counts';
import { db } from '../storage/db';
import { ConnectionStatus } from './ConnectionStatus';
import { HomeScreen } from './HomeScreen';
import { Link } from '../lib/Link';
import { matchRoute, paths, usePath, type Route } from '../lib/router';
import { StorageWarning } from './StorageWarning';
import { UpdatePrompt } from './UpdatePrompt';
import { currentSession, endSession, subscribeSession } from '../vault/session';
import { VaultGate } from '../features/profiles/VaultGate';

const ReportScreen = lazy(() => import('../features/report/ReportScreen').then((m) => ({ default: m.ReportScreen })));
const FiledScreen = lazy(() => import('../features/report/FiledScreen').then((m) => ({ default: m.FiledScreen })));
const FiledReportScreen = lazy(() =>
  import('../features/report/FiledReportScreen').then((m) => ({ default: m.FiledReportScreen })),
);
const DraftsScreen = lazy(() => import('../features/report/DraftsScreen').then((m) => ({ default: m.DraftsScreen })));
const OutboxScreen = lazy(() => import('../features/outbox/OutboxScreen').then((m) => ({ default: m.OutboxScreen })));
const ReceiptScreen = lazy(() => import('../features/receipt/ReceiptScreen').then((m) => ({ default: m.ReceiptScreen })));
const SettingsScreen = lazy(() => import('./SettingsScreen').then((m) => ({ default: m.SettingsScreen })));
const CheckScreen = lazy(() => import('../features/receipt/CheckScreen').then((m) => ({ default: m.CheckScreen })));

function Screen({ route }: { route: Route }) {
  const { t } = useI18n();
  switch (route.screen) {
    case 'home':
      return <HomeScreen />;
    case 'drafts':
      return <DraftsScreen />;
    case 'report':
      return <ReportScreen key={route.id} id={route.id} step={route.step} changing={route.changing} />;
    case 'filed':
      return <FiledScreen id={route.id} />;
    case 'filedReport':
      return <FiledReportScreen id={route.id} />;
    case 'receipt':
      return <ReceiptScreen id={route.id} />;
    case 'outbox':
      return <OutboxScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'check':
      return <CheckScreen />;
    case 'notFound':
      return <p role="alert">{t('form.notFound')}</p>;
  }
}

export function App() {
  const { t } = useI18n();
  const session = useSyncExternalStore(subscribeSession, currentSession);
  const lockedRoute = matchRoute(usePath());

  useEffect(() => {
    // The title names the screen only, never a report's content.
    document.title = `${t('app.name')} · ${t('app.tagline')}`;
  }, [t]);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <h1>{t('app.name')}</h1>
          <p>{t('app.tagline')}</p>
        </div>
        <ConnectionStatus />
        {session ? (
          <div className="session">
            <span className="session-name">{t('vault.signedInAs', { label: session.lockLabel })}</span>
            <button type="button" className="button header-button" onClick={endSession}>
              {t('vault.lock')}
            </button>
          </div>
        ) : null}
        <LanguageButton />
      </header>
      <UpdatePrompt />
      <VaultGate
        whileLocked={
          // Checking a receipt needs no profile: anyone may check one, on a locked tablet too.
          lockedRoute.screen === 'check' ? (
            <Suspense fallback={<p>{t('common.loading')}</p>}>
              <CheckScreen />
            </Suspense>
          ) : undefined
        }
      >
        <Unlocked />
      </VaultGate>
    </div>
  );
}

/** The app of the unlocked profile: navigation and the screen for the address. */
function Unlocked() {
  const { t } = useI18n();
  const path = usePath();
  const route = matchRoute(path);
  const { profileId } = useSyncExternalStore(subscribeSession, currentSession) ?? { profileId: '' };
  // What of this profile's is waiting to be sent or needs attention.
  const waiting = useLiveQuery(
    () => countUnacknowledged(db, profileId),
    [profileId],
  );
  const current = (screen: Route['screen']) => (route.screen === screen ? 'page' : undefined);
  return (
    <>
      <nav className="app-nav" aria-label={t('nav.label')}>
        <Link to={paths.home} aria-current={current('home')}>
          {t('nav.home')}
        </Link>
        <Link to={paths.drafts} aria-current={current('drafts')}>
          {t('nav.drafts')}
        </Link>
        <Link to={paths.outbox} aria-current={current('outbox')}>
          {t('nav.outbox')}
          {waiting ? (
            <>
              <span className="badge" aria-hidden="true">
                {waiting}
              </span>
              {/* Read as "Outbox, 1 waiting", not "Outbox1". */}
              <span className="visually-hidden">{t('nav.outboxWaiting', { count: waiting })}</span>
            </>
          ) : null}
        </Link>
        <Link to={paths.settings} aria-current={current('settings')}>
          {t('nav.settings')}
        </Link>
      </nav>
      <StorageWarning recheck={`${path} ${waiting ?? ''}`} />
      <main className="app-main">
        <Suspense fallback={<p>{t('common.loading')}</p>}>
          <Screen route={route} />
        </Suspense>
      </main>
    </>
  );
}
