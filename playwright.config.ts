import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from './e2e/browser';

const executablePath = findChromium() ?? undefined;

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  // Fails the run if anything reached the endpoint in public/config.json (see the file).
  globalSetup: './e2e/builtEndpointGuard.ts',
  // No app server here: each test serves the built app (dist/) on a port of its
  // own, with its own config.json, and opens its pages there (e2e/deployment.ts).
  use: {
    ...devices['Desktop Chrome'],
    viewport: { width: 768, height: 1024 },
    hasTouch: true,
    launchOptions: { executablePath, args: CHROMIUM_ARGS },
    trace: 'off',
  },
  projects: [{ name: 'chromium' }],
});
