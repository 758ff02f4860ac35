// Privacy on a shared tablet: nothing of a report in clear anywhere the
// browser keeps data, lock and unlock, auto-lock, two profiles, retention,
// and requests only to the app's origin and the endpoint.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, outboxEntry, sendReportsTo, test } from './receiver';
import { caseDetails, fileCaseReport } from './receiptHelpers';
import { createProfile, enterApp, LABEL, PASSPHRASE, PROFILE_PHONE, unlock, visit } from './session';

/** Everything the origin keeps: every IndexedDB database and store, localStorage, sessionStorage, Cache Storage. */
async function everythingStored(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const flatten = (value: unknown): unknown => {
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) return decoder.decode(value);
      if (Array.isArray(value)) return value.map(flatten);
      if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, flatten(v)]));
      return value;
    };
    const parts: string[] = [];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name ?? '');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        parts.push(`${info.name}/${store}: ${JSON.stringify(flatten(rows))}`);
      }
      db.close();
    }
    parts.push(`localStorage: ${JSON.stringify({ ...localStorage })}`, `sessionStorage: ${JSON.stringify({ ...sessionStorage })}`);
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        parts.push(`cache ${request.url}: ${await (await cache.match(request))?.text()}`);
      }
    }
    return parts.join('\n');
  });
}

test('a filed report is nowhere in clear: not in IndexedDB, storage, caches, console, URLs or titles', async ({ page, receiver }) => {
  const console: string[] = [];
  page.on('console', (message) => console.push(message.text()));
  const urls: string[] = [];
  page.on('framenavigated', (frame) => urls.push(frame.url()));
  const details = caseDetails('Vault');
  await sendReportsTo(page, receiver.endpoint);
  await visit(page, '/?lang=en');
  const { id } = await fileCaseReport(page, details);
  // A draft too, with the same name typed into it.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await page.getByRole('button', { name: 'Start a new report' }).click();
  await gotoChildStep(page);
  await page.getByLabel(/Child.s name/).fill(details.child);
  await expect(page.getByText(/Draft saved automatically/)).toBeVisible();
  await page.waitForTimeout(600); // the autosave's delay, so the name is saved

  const stored = await everythingStored(page);
  expect(stored).toContain(id); // the records are there…
  for (const secret of [details.child, details.address, details.school, details.narrative, details.suspect, details.phone]) {
    expect(stored, secret).not.toContain(secret); // …but none of their content in clear
  }
  // The profile's details too.
  expect(stored).not.toContain(PROFILE_PHONE);
  for (const text of [...console, ...urls, await page.title()]) {
    expect(text).not.toContain(details.child);
    expect(text).not.toContain(details.narrative);
  }
});

/** The child's name is asked on the first step. */
async function gotoChildStep(page: Page) {
  await page.waitForURL(/\/step-1/);
  await expect(page.getByRole('heading', { name: 'What happened', level: 2 })).toBeVisible();
}

test('locking removes the content from the page; the right passphrase brings it back, a wrong one waits longer each time', async ({ page }) => {
  await visit(page, '/?lang=en');
  await page.getByRole('button', { name: 'Start a new report' }).click();
  await gotoChildStep(page);
  await page.getByLabel(/Child.s name/).fill('Ottoline Featherstonehaugh');
  await expect(page.getByText(/Draft saved automatically/)).toBeVisible();
  await page.waitForTimeout(600);

  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(page.getByRole('heading', { name: 'The tablet is locked' })).toBeVisible();
  expect(await page.content()).not.toContain('Ottoline');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);

  // Wrong passphrases: a clear message; after three, a wait that grows.
  await page.getByRole('button', { name: LABEL, exact: true }).click();
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.getByLabel('Passphrase', { exact: true }).fill('not the passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByText('That passphrase is not right.')).toBeVisible();
  }
  await expect(page.getByText(/Wait \d+ s before trying again/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Unlock' })).toBeEnabled({ timeout: 5_000 });
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  // Back where it was, with what was typed.
  await expect(page.getByLabel(/Child.s name/)).toHaveValue('Ottoline Featherstonehaugh');

  const unlockMs = await page.evaluate(() => performance.getEntriesByName('shouhu:unlock').at(-1)?.duration);
  console.log(`unlock (PBKDF2-SHA-256 600,000 rounds, open the profile), Chromium on this machine: ${unlockMs?.toFixed(0)} ms`);
});

test('locks itself after the idle time (default 5 minutes)', async ({ page }) => {
  await page.clock.install();
  await visit(page, '/?lang=en');
  await expect(page.getByRole('heading', { name: 'Mandatory report' })).toBeVisible();
  await page.clock.fastForward('04:00');
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.clock.fastForward('01:30');
  await expect(page.getByRole('heading', { name: 'The tablet is locked' })).toBeVisible();
  // A shorter idle time, set in Settings, applies at once, and the save says so.
  await unlock(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Lock after this many idle minutes').fill('1');
  await page.getByRole('button', { name: 'Save lock time' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The tablet locks after 1 min without use, from now on.' })).toBeVisible();
  await page.clock.fastForward('01:10');
  await expect(page.getByRole('heading', { name: 'The tablet is locked' })).toBeVisible();
});

test('two profiles: each sees only its own; a report queued by one is sent while the other is unlocked', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  await receiver.stop(); // offline in the field
  await visit(page, '/?lang=en');
  const details = caseDetails('Alpha');
  const { id, reference } = await fileCaseReport(page, details);
  const timing = await page.evaluate(() => performance.getEntriesByName('shouhu:file-report').at(-1)?.duration);
  console.log(`check, seal and store one report, Chromium on this machine: ${timing?.toFixed(0)} ms`);
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText('Status: Waiting to be sent');

  // A colleague creates their profile on this tablet (from Settings, so they can send at once).
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: "Add a colleague's profile" }).click();
  await createProfile(page, 'Colleague', 'a different passphrase', '李老师', page.getByRole('region', { name: "Add a colleague's profile" }));
  await expect(page.getByText('User: Colleague')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
  await expect(page.getByText('The outbox is empty.')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Drafts' }).click();
  await expect(page.getByText('No unfinished reports.')).toBeVisible();
  await expect(page.locator('body')).not.toContainText(details.child);

  // Back in range while the colleague is unlocked: the first profile's report goes.
  await receiver.start();
  await expect.poll(async () => (await receiver.rows()).map((row) => row.id), { timeout: 40_000 }).toEqual([id]);

  // The first profile sees it acknowledged; the colleague never saw it.
  await page.getByRole('button', { name: 'Lock' }).click();
  await unlock(page, LABEL, PASSPHRASE);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
  await expect(outboxEntry(page, reference)).toContainText('Status: Received by the agency');
});

test('after acknowledgement the content is erased as set, and the receipt can still be printed', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  await page.getByLabel(/Days to keep a report/).fill('0');
  await page.getByRole('button', { name: 'Save retention' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Saved\. Report content is erased 0 days after/ })).toBeVisible();
  await visit(page, '/?lang=en');
  const details = caseDetails('Erased');
  const { id, reference } = await fileCaseReport(page, details);
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText('Status: Received by the agency', { timeout: 20_000 });
  // The retention check runs when the app starts (and every minute).
  await page.reload();
  await enterApp(page);
  await expect
    .poll(async () => {
      const stored = await everythingStored(page);
      const row = stored.split('\n').find((line) => line.startsWith('shouhu/outbox:')) ?? '';
      return row.includes('contentErasedAt') && !row.includes('sealedForAgency') && !row.includes('sealedForOwner');
    })
    .toBe(true);
  await visit(page, `/receipt/${id}?lang=en`);
  // Reference, reporter and acknowledgement: from the clear fields and the sealed receipt part, which stay.
  await expect(page.locator('.receipt')).toContainText(reference);
  await expect(page.locator('.receipt')).toContainText(details.reporter);
  await expect(page.locator('.receipt')).toContainText('Received by the agency');
});

test('the app asks only its own origin and the endpoint, under a Content-Security-Policy', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  // From here on, the configured endpoint is the receiver's.
  const origins = new Set<string>();
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'http:' || url.protocol === 'https:') origins.add(url.origin);
  });
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await visit(page, '/?lang=en');
  const { reference, id } = await fileCaseReport(page, caseDetails('Origins'));
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText('Status: Received by the agency', { timeout: 20_000 });
  await visit(page, `/receipt/${id}?lang=en`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByText('The receiver answers and accepts the token.')).toBeVisible();

  const appOrigin = new URL(page.url()).origin;
  expect([...origins].sort()).toEqual([appOrigin, new URL(receiver.endpoint).origin].sort());
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self'");
  expect(policy).toContain("style-src 'self'");
  expect(policy).not.toContain('unsafe-inline');
  expect(violations).toEqual([]);
  // Inline script is refused.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.head.append(script);
    return (window as unknown as { inlineRan?: boolean }).inlineRan === true;
  });
  expect(ran).toBe(false);
});
