// A small history-API router: the screens are few and the paths carry no report content.
import { useSyncExternalStore } from 'react';

const CHANGE = 'shouhu:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  // Keep ?lang=… so that a link shared as "?lang=en" stays in English.
  const url = path + location.search;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

export type Route =
  | { screen: 'home' }
  | { screen: 'drafts' }
  /** `changing`: a field the review sent the user to change ("child.name"), to go straight back after. */
  | { screen: 'report'; id: string; step: number; changing?: string }
  | { screen: 'filed'; id: string }
  /** A filed report, read-only. */
  | { screen: 'filedReport'; id: string }
  | { screen: 'receipt'; id: string }
  /** Checking a receipt's code: open without unlocking, it reads nothing on the tablet but the agency's public keys. */
  | { screen: 'check' }
  | { screen: 'outbox' }
  | { screen: 'settings' }
  | { screen: 'notFound' };

const UUID = '[0-9a-fA-F-]{36}';

export function matchRoute(path: string): Route {
  if (path === '/' || path === '') return { screen: 'home' };
  if (path === '/drafts') return { screen: 'drafts' };
  if (path === '/outbox') return { screen: 'outbox' };
  if (path === '/settings') return { screen: 'settings' };
  if (path === '/check') return { screen: 'check' };
  const report = new RegExp(`^/report/(${UUID})(?:/step-(\\d))?(?:/change-([a-zA-Z]+\\.[a-zA-Z]+))?$`).exec(path);
  if (report) {
    const step = Math.max(0, Number(report[2] ?? 1) - 1);
    return report[3] ? { screen: 'report', id: report[1] as string, step, changing: report[3] } : { screen: 'report', id: report[1] as string, step };
  }
  const receipt = new RegExp(`^/receipt/(${UUID})$`).exec(path);
  if (receipt) return { screen: 'receipt', id: receipt[1] as string };
  const filedReport = new RegExp(`^/filed/(${UUID})/report$`).exec(path);
  if (filedReport) return { screen: 'filedReport', id: filedReport[1] as string };
  const filed = new RegExp(`^/filed/(${UUID})$`).exec(path);
  if (filed) return { screen: 'filed', id: filed[1] as string };
  return { screen: 'notFound' };
}

export const paths = {
  home: '/',
  drafts: '/drafts',
  outbox: '/outbox',
  settings: '/settings',
  report: (id: string, step = 0) => `/report/${id}/step-${step + 1}`,
  /** The step that asks `field`, opened from the review to change that answer (the name of a question, never an answer). */
  change: (id: string, step: number, field: string) => `/report/${id}/step-${step + 1}/change-${field}`,
  filed: (id: string) => `/filed/${id}`,
  filedReport: (id: string) => `/filed/${id}/report`,
  receipt: (id: string) => `/receipt/${id}`,
  check: '/check',
};
