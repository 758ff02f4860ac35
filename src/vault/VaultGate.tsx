// Shows the lock screen until a profile is unlocked, and locks again after
// the idle time or when the tablet sleeps. Locked, nothing below is mounted:
// no decrypted content stays on the page.
import { useEffect, type ReactNode } from 'react';
import { afterFirstScreen } from '../lib/firstScreen';
import { watchForIdle } from './autoLock';
import { LockScreen } from './LockScreen';
import { eraseAcknowledgedContent } from './retention';
import { useSession } from './useSession';
import { loadVaultSettings } from './vaultSettings';

const RETENTION_CHECK_MS = 60_000;

export function VaultGate({ children }: { children: ReactNode }) {
  const session = useSession();
  const profileId = session?.profileId;

  useEffect(() => {
    if (!profileId) return;
    // Unlocked: whatever waited while the tablet was locked can go now.
    // (The engine loads after the first screen, so it is imported here too.)
    void import('../outbox/syncService').then(({ resumeSync }) => resumeSync());
    let stop: (() => void) | undefined;
    let cancelled = false;
    void loadVaultSettings().then((settings) => {
      if (!cancelled) stop = watchForIdle({ idleMs: settings.idleLockMinutes * 60_000 });
    });
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [profileId]);

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
    return (
      <main className="app-main">
        <LockScreen />
      </main>
    );
  }
  return <>{children}</>;
}
