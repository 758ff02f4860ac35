// Locks after a period without a touch or key press, and when the tablet
// goes to sleep or the app is hidden (screen off, another app in front).
import { endSession } from './session';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export interface AutoLockOptions {
  idleMs: number;
  /** The lock to apply; ends the session by default. */
  lock?: () => void;
}

/** Starts watching; returns a function that stops. */
export function watchForIdle({ idleMs, lock = endSession }: AutoLockOptions): () => void {
  let lastActivity = Date.now();
  const onActivity = () => {
    lastActivity = Date.now();
  };
  const onVisibility = () => {
    if (document.visibilityState === 'hidden') lock();
  };
  // A timer checks the clock rather than counting down: a sleeping tablet's timers stop.
  const timer = setInterval(() => {
    if (Date.now() - lastActivity >= idleMs) lock();
  }, Math.min(1000, idleMs));
  for (const event of ACTIVITY_EVENTS) window.addEventListener(event, onActivity, { passive: true, capture: true });
  document.addEventListener('visibilitychange', onVisibility);
  window.addEventListener('pagehide', lock);
  return () => {
    clearInterval(timer);
    for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, onActivity, { capture: true });
    document.removeEventListener('visibilitychange', onVisibility);
    window.removeEventListener('pagehide', lock);
  };
}
