// The base of every end-to-end test: its own deployment of the built app, on a
// port it started, whose config.json names a port the test reserved and closed,
// never the 127.0.0.1:8787 of public/config.json, where a developer's own
// receiver (`npm start`) may listen. A test that needs a receiver starts its own
// (receiver.ts) and names it in Settings. config.json names the tests' agency
// key (TEST_AGENCY_KEYS, the published test key the tests' receivers know and
// the tests open reports with), as a deployment names its agency's. It is served, not routed:
// a Playwright route would intercept every request of the context, answer
// receivers' CORS preflights itself and turn off the HTTP cache.
import { test as base, expect, type BrowserContext } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TEST_AGENCY_KEYS } from '../src/contract/testing/agencyTestKey';
import { startStaticServer, type StaticServer } from './staticServer';
import { TEST_SIGNING_KEYS } from '../src/contract/testing/agencySigningTestKey';

const BUILD = fileURLToPath(new URL('../dist', import.meta.url));
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

export const test = base.extend<{ app: StaticServer; forbidBuiltEndpoint: (context: BrowserContext) => void }>({
  /** The built app (dist/), served to this test alone; pages open on it (`baseURL`). */
  // oxlint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  app: async ({}, use) => {
    if (!existsSync(`${BUILD}/index.html`)) throw new Error('No build in dist/: run `npm run build` first.');
    const app = await startStaticServer(BUILD, {
      ...BUILT_CONFIG,
      endpoint: `http://127.0.0.1:${await closedPort()}/api/reports`,
      agencyKeys: TEST_AGENCY_KEYS,
      agencySigningKeys: TEST_SIGNING_KEYS,
    });
    await use(app);
    await app.close();
  },
  baseURL: async ({ app }, use) => {
    await use(app.url);
  },
  /**
   * Fails the test if a context's browser (pages or service worker) asks the
   * built endpoint anything. The `context` fixture is watched already; a test
   * that opens a context of its own calls this.
   */
  // oxlint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  forbidBuiltEndpoint: async ({}, use) => {
    const strayRequests: string[] = [];
    await use((context) => {
      context.on('request', (request) => {
        if (new URL(request.url()).origin === BUILT_ENDPOINT.origin) strayRequests.push(`${request.method()} ${request.url()}`);
      });
    });
    expect(strayRequests, `requests to ${BUILT_ENDPOINT.origin}, the endpoint in public/config.json`).toEqual([]);
  },
  context: async ({ context, forbidBuiltEndpoint }, use) => {
    forbidBuiltEndpoint(context);
    await use(context);
  },
});

export { expect };
