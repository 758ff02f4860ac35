// A new version is deployed while a report is being written: the app offers
// the update, never reloads by itself, and the draft survives the reload.
// Version A is the build under test (dist/); version B is built here, the same
// source with another build id, and the test's own server of the app (the `app`
// fixture, e2e/deployment.ts) switches between them.
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTOSAVE_DELAY_MS } from '../src/features/report/draftAutosave';
import { expect, test } from './deployment';
import { waitForServiceWorker } from './serviceWorker';
import { enterApp, visit } from './session';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const VERSION_B = 'update-test-b';

let folder: string;

test.beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'shouhu-update-'));
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', path.join(folder, 'b'), '--emptyOutDir', '--logLevel', 'error'], {
    cwd: ROOT,
    env: { ...process.env, SHOUHU_BUILD_ID: VERSION_B },
    stdio: 'inherit',
  });
});

test.afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

const sameDocument = (page: Page) =>
  page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);

test('an update while a draft is open waits for the user and keeps the draft', async ({ page, app }) => {
  await visit(page, `${app.url}/settings?lang=en`);
  await waitForServiceWorker(page);
  await expect(page.getByText(/^Version: /)).not.toHaveText(`Version: ${VERSION_B}`);

  await visit(page, `${app.url}/?lang=en`);
  await page.getByRole('button', { name: 'Start a new report' }).click();
  const name = page.getByLabel(/^Where is the child now/);
  await name.fill('医务室 before the update');
  // A flag on this document: it is gone if the page reloads.
  await page.evaluate(() => {
    (window as unknown as { sameDocument?: boolean }).sameDocument = true;
  });

  // Version B is deployed, and the browser looks for an update.
  app.serve(path.join(folder, 'b'));
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
  await expect(page.getByRole('status').filter({ hasText: 'A new version of Shouhu is ready' })).toBeVisible();
  const reload = page.getByRole('button', { name: 'Reload' });
  await expect(reload).toBeVisible();

  // It waits for the user: the page does not reload by itself, and typing goes on.
  await page.waitForTimeout(1_500);
  expect(await sameDocument(page)).toBe(true);
  // Typed just before choosing "Reload", on a tablet too slow for the autosave's timer to
  // come first: the timer is held back, so only a save on the way out can keep it.
  await page.evaluate((autosaveDelay) => {
    const original = window.setTimeout;
    window.setTimeout = ((run: TimerHandler, ms?: number, ...rest: unknown[]) =>
      original(run, ms === autosaveDelay ? 600_000 : ms, ...rest)) as typeof window.setTimeout;
  }, AUTOSAVE_DELAY_MS);
  await name.fill('医务室 typed just before reloading');
  const loaded = page.waitForEvent('load');
  await reload.click();
  await loaded;
  await enterApp(page); // a new page load starts locked

  expect(await sameDocument(page)).toBe(false);
  await expect(page.getByLabel(/^Where is the child now/)).toHaveValue('医务室 typed just before reloading');
  await visit(page, `${app.url}/settings?lang=en`);
  await expect(page.getByText(`Version: ${VERSION_B}`)).toBeVisible();
});
