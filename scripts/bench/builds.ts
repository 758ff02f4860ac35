// The two builds the benchmark measures, and serving them with `vite preview`:
// the app as deployed (vite.config.ts, with hidden source maps so that bytes
// can be attributed to their sources) and the floor (scripts/bench/floor:
// React only, the same plugin-react and service worker settings).
import react from '@vitejs/plugin-react';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { BUILD_TARGET, WORKBOX } from '../../vite.config';
import { TEST_AGENCY_KEYS } from '../../src/contract/testing/agencyTestKey';
import { TEST_AGENCY_NAME, TEST_SIGNING_KEYS } from '../../src/contract/testing/agencySigningTestKey';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FLOOR_ROOT = path.join(ROOT, 'scripts/bench/floor');

/**
 * Builds the app into `outDir`. The JavaScript and CSS are those of `vite build`;
 * the source maps are written beside them, referenced by no file and precached by
 * nothing. config.json names no endpoint, so that nothing is sent until a measure
 * sets one, and the published test agency keys, so that filing seals as deployed
 * and the bench's receivers' signed acknowledgements are taken.
 */
export async function buildApp(outDir: string): Promise<void> {
  await build({
    root: ROOT,
    configFile: path.join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, sourcemap: 'hidden' },
  });
  writeFileSync(
    path.join(outDir, 'config.json'),
    JSON.stringify({ endpoint: '', token: '', agencyName: TEST_AGENCY_NAME, agencyKeys: TEST_AGENCY_KEYS, agencySigningKeys: TEST_SIGNING_KEYS }),
  );
}

/** Builds the floor page into `outDir`, with the app's React plugin, target and service worker settings. */
export async function buildFloor(outDir: string): Promise<void> {
  await build({
    root: FLOOR_ROOT,
    configFile: false,
    logLevel: 'warn',
    plugins: [
      react(),
      VitePWA({
        registerType: 'prompt',
        injectRegister: false,
        manifest: false,
        workbox: WORKBOX,
      }),
    ],
    build: { target: BUILD_TARGET, outDir, emptyOutDir: true, sourcemap: 'hidden' },
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** `vite preview` of a built folder on 127.0.0.1 and a free port. */
export async function serve(outDir: string): Promise<Served> {
  const port = await freePort();
  const server = await preview({
    root: path.dirname(outDir),
    configFile: false,
    logLevel: 'silent',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
