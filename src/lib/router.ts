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
  | { screen: 'report'; id: string; step: number }
  | { screen: 'filed'; id: string }
  | { screen: 'receipt'; id: string }
  | { screen: 'outbox' }
  | { screen: 'settings' }
  | { screen: 'notFound' };

const UUID = '[0-9a-fA-F-]{36}';

export function matchRoute(path: string): Route {
  if (path === '/' || path === '') return { screen: 'home' };
  if (path === '/drafts') return { screen: 'drafts' };
  if (path === '/outbox') return { screen: 'outbox' };
  if (path === '/settings') return { screen: 'settings' };
  const report = new RegExp(`^/report/(${UUID})(?:/step-(\\d))?$`).exec(path);
  if (report) return { screen: 'report', id: report[1] as string, step: Math.max(0, Number(report[2] ?? 1) - 1) };
  const receipt = new RegExp(`^/receipt/(${UUID})$`).exec(path);
  if (receipt) return { screen: 'receipt', id: receipt[1] as string };
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
  filed: (id: string) => `/filed/${id}`,
  receipt: (id: string) => `/receipt/${id}`,
};
