// The base of every end-to-end test: the app's config.json is served per test,
// naming a port the test reserved and closed, never the 127.0.0.1:8787 of
// public/config.json, where a developer's own receiver (`npm start`) may listen.
// A test that needs a receiver starts its own (receiver.ts) and names it in Settings.
import { test as base, expect, type BrowserContext, type Route } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';

/** The deployment's config.json as built into the app. */
const BUILT_CONFIG = JSON.parse(readFileSync(new URL('../public/config.json', import.meta.url), 'utf8')) as { endpoint: string };
/** Where the built app would send: no test may ask it anything. */
export const BUILT_ENDPOINT = new URL(BUILT_CONFIG.endpoint);

/** A port nothing listens on, like a receiver that is not there: bound to port 0, noted, closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Contexts set offline through setOffline below. */
const offlineContexts = new WeakSet<BrowserContext>();

/**
 * context.setOffline, and this test's config.json with it: Playwright answers
 * routes even in a context set offline, where a tablet's request would fail
 * and the app would fall back to the copy it keeps.
 */
export async function setOffline(context: BrowserContext, offline: boolean): Promise<void> {
  if (offline) offlineContexts.add(context);
  else offlineContexts.delete(context);
  await context.setOffline(offline);
}

/** The built config.json with the test's own endpoint; refused, as a network would, while the context is offline. */
function answerConfig(route: Route, context: BrowserContext, endpoint: string): Promise<void> {
  if (offlineContexts.has(context)) return route.abort('internetdisconnected');
  return route.fulfill({ json: { ...BUILT_CONFIG, endpoint } });
}

export const test = base.extend<{ serveOwnConfig: (context: BrowserContext) => Promise<void> }>({
  /**
   * Serves this test's config.json in a context, and fails the test if that
   * context's browser (pages or service worker) asks the built endpoint anything.
   * The `context` fixture is served already; a test that opens a context of its own calls this.
   */
  // oxlint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  serveOwnConfig: async ({}, use) => {
    const endpoint = `http://127.0.0.1:${await closedPort()}/api/reports`;
    const strayRequests: string[] = [];
    await use(async (context) => {
      await context.route('**/config.json', (route) => answerConfig(route, context, endpoint));
      context.on('request', (request) => {
        if (new URL(request.url()).origin === BUILT_ENDPOINT.origin) strayRequests.push(`${request.method()} ${request.url()}`);
      });
    });
    expect(strayRequests, `requests to ${BUILT_ENDPOINT.origin}, the endpoint in public/config.json`).toEqual([]);
  },
  context: async ({ context, serveOwnConfig }, use) => {
    await serveOwnConfig(context);
    await use(context);
  },
});

export { expect };
