// Registers the generated service worker (vite.config.ts) and offers its
// updates. A new version waits until the user asks for it; before the page
// reloads, what is open is put away and its draft written. The registration
// code (workbox-window) loads after the first screen, not with it.
import { createObservable } from '../lib/observable';
import { settleDraftWrites } from './settleDraftWrites';

export type UpdateState = 'none' | 'ready' | 'applying';

/** Look for a new version this often while the app stays open (browsers look on each visit). */
const UPDATE_CHECK_MS = 60 * 60_000;
/** If the new version has not taken over by then, reload anyway: the work is saved. */
const RELOAD_FALLBACK_MS = 5_000;

const updateState = createObservable<UpdateState>('none');
let updateServiceWorker: ((reloadPage?: boolean) => Promise<void>) | undefined;
let closeScreens: () => void = () => undefined;
let offlineReady = false;

export const getUpdateState = updateState.get;

export const subscribeUpdateState = updateState.subscribe;

/** Whether this page is served by the service worker, so that it starts without a network. */
export function isOfflineReady(): boolean {
  return offlineReady || Boolean(typeof navigator !== 'undefined' && navigator.serviceWorker?.controller);
}

export interface RegisterOptions {
  /** Replaces the screens with an "updating" notice: the open form saves its draft as it unmounts. */
  closeScreens: () => void;
}

export async function registerServiceWorker(options: RegisterOptions): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  closeScreens = options.closeScreens;
  const { registerSW } = await import('virtual:pwa-register');
  updateServiceWorker = registerSW({
    immediate: true,
    onNeedRefresh: () => updateState.set('ready'),
    onOfflineReady: () => {
      offlineReady = true;
    },
    // The new version has taken over. Reload only when the user asked for it
    // in this tab; when another tab did, this one keeps its page and offers the reload.
    onNeedReload: () => {
      if (updateState.get() === 'applying') location.reload();
      else updateState.set('ready');
    },
    onRegisteredSW: (_url, registration) => {
      if (registration) watchForUpdates(registration);
    },
  });
}

function watchForUpdates(registration: ServiceWorkerRegistration): void {
  // Offline, update() rejects: that is fine, the next check will do.
  const check = () => void registration.update().catch(() => undefined);
  setInterval(check, UPDATE_CHECK_MS);
  window.addEventListener('online', check);
}

/** The user chose "reload": save, let the new version take over, reload. */
export async function applyUpdate(): Promise<void> {
  if (updateState.get() !== 'ready' || !updateServiceWorker) return;
  updateState.set('applying');
  closeScreens();
  await settleDraftWrites();
  setTimeout(() => location.reload(), RELOAD_FALLBACK_MS);
  await updateServiceWorker(true);
}
