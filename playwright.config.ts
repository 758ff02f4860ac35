import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/browser';

const executablePath = findChromium() ?? undefined;
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 4317);

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    ...devices['Desktop Chrome'],
    viewport: { width: 768, height: 1024 },
    hasTouch: true,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    trace: 'off',
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    // The built app, as it is deployed (the service worker needs a build), with a
    // config.json that names the tests' agency key (e2e/deploymentConfig.ts).
    command: `npx tsx e2e/deploymentConfig.ts && npx vite preview --host 127.0.0.1 --port ${APP_PORT} --strictPort`,
    url: `http://127.0.0.1:${APP_PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
