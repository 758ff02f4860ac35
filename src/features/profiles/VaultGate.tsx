// Shows the lock screen until a profile is unlocked, and locks again after
// the idle time or when the tablet sleeps. Locked, nothing below is mounted:
// no decrypted content stays on the page. Another profile opened without
// locking (a colleague's, just created) mounts everything below afresh, so no
// form keeps, or saves, the previous person's details; the app says so.
import { useLiveQuery } from 'dexie-react-hooks';
import { Fragment, type ReactNode, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { afterFirstScreen } from '../../lib/firstScreen';
import { watchForIdle } from '../../vault/autoLock';
import { LockScreen } from './LockScreen';
import { eraseAcknowledgedContent } from '../../vault/retention';
import { loadVaultSettings } from '../../vault/vaultSettings';
import { currentSession, subscribeSession } from '../../vault/session';

const RETENTION_CHECK_MS = 60_000;

/** `whileLocked`: a screen that needs no profile (checking a receipt), shown locked instead of the lock screen. */
export function VaultGate({ children, whileLocked }: { children: ReactNode; whileLocked?: ReactNode }) {
  const session = useSyncExternalStore(subscribeSession, currentSession);
  const profileId = session?.profileId;
  const openedInstead = useOpenedInstead(profileId);

  // The idle time as stored now: a change in Settings applies at once, not at the next unlock.
  const idleLockMinutes = useLiveQuery(() => loadVaultSettings().then((settings) => settings.idleLockMinutes), []);
  useEffect(() => {
    if (!profileId || idleLockMinutes === undefined) return;
    return watchForIdle({ idleMs: idleLockMinutes * 60_000 });
  }, [profileId, idleLockMinutes]);

  // Retention needs no key (it only deletes), so it runs locked or not; first
  // once the lock screen is up, so that listing the profiles does not wait for it.
  useEffect(() => {
    let stopped = false;
    const erase = () => {
      if (!stopped) void loadVaultSettings().then((settings) => eraseAcknowledgedContent(settings.retentionDays));
    };
    afterFirstScreen(erase);
    const timer = setInterval(erase, RETENTION_CHECK_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  if (!session) {
    return <main className="app-main">{whileLocked ?? <LockScreen />}</main>;
  }
  return (
    <>
      <ProfileOpenedNotice label={openedInstead ? session.lockLabel : undefined} />
      <Fragment key={session.profileId}>{children}</Fragment>
    </>
  );
}

/** Whether the open profile replaced another one without the tablet locking in between. */
function useOpenedInstead(profileId: string | undefined): boolean {
  const [seen, setSeen] = useState({ profileId, instead: false });
  if (seen.profileId !== profileId) {
    // Adjusted while rendering (not in an effect), so the new profile's first paint already says it.
    const instead = seen.profileId !== undefined && profileId !== undefined;
    setSeen({ profileId, instead });
    return instead;
  }
  return seen.instead;
}

/**
 * "X's profile is now open", in a live region that is on the page before it
 * speaks; it takes the focus, since what had it (the creation form) is gone.
 */
function ProfileOpenedNotice({ label }: { label: string | undefined }) {
  const { t } = useI18n();
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (label !== undefined) notice.current?.focus();
  }, [label]);
  return (
    <div className={label === undefined ? 'notice-slot' : 'notice'} ref={notice} tabIndex={-1}>
      <p role="status">{label === undefined ? '' : t('vault.profileOpened', { label })}</p>
    </div>
  );
}
