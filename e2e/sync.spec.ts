import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileReport, sampleDetails } from './reportForm';
import { expect, outboxEntry, sendReportsTo, test } from './receiver';
import { visit } from './session';

const RECEIVED = 'Status: Received by the agency';
const WAITING = 'Status: Waiting to be sent';

/** The report id from the confirmation page's address (/filed/<id>). */
const filedId = (url: string) => /\/filed\/([0-9a-f-]{36})/.exec(url)?.[1] ?? '';

test('a submitted report is acknowledged by the receiver, which stores it once', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  await visit(page, '/?lang=en');
  const reference = await fileReport(page, 'en', sampleDetails('ack'));
  const id = filedId(page.url());
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText(RECEIVED, { timeout: 20_000 });
  const stored = await receiver.stored(id);
  await expect(outboxEntry(page, reference)).toContainText('Time received:');
  expect(stored.receiptId).toBeTruthy();
  expect(await receiver.rows()).toEqual([{ id, contentHash: expect.stringMatching(/^sha256:/) }]);
  await expect(page.getByRole('navigation', { name: 'Main' }).locator('.badge')).toHaveCount(0);
});

test('with the receiver down the report waits, and arrives when it is back', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  await receiver.stop();
  await visit(page, '/?lang=en');
  const reference = await fileReport(page, 'en', sampleDetails('down'));
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText(WAITING);
  await expect(outboxEntry(page, reference)).toContainText('No connection', { timeout: 20_000 });
  await expect(page.getByRole('navigation', { name: 'Main' }).locator('.badge')).toHaveText('1');

  await receiver.start();
  // No click: the engine's own timer tries again.
  await expect(outboxEntry(page, reference)).toContainText(RECEIVED, { timeout: 40_000 });
  expect(await receiver.rows()).toHaveLength(1);
});

test('through 500s and lost acknowledgements every report is stored exactly once', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  await receiver.faults({ failNext: 3, status: 500, dropAfterStore: 2 });
  await visit(page, '/?lang=en');
  const references: string[] = [];
  const ids: string[] = [];
  for (const tag of ['one', 'two', 'three']) {
    references.push(await fileReport(page, 'en', sampleDetails(tag)));
    ids.push(filedId(page.url()));
    await visit(page, '/?lang=en');
  }
  await visit(page, '/outbox?lang=en');
  for (const reference of references) {
    await expect(outboxEntry(page, reference)).toContainText(RECEIVED, { timeout: 60_000 });
  }
  const rows = await receiver.rows();
  expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
  // The lost acknowledgements were retried: more POSTs than reports, still one row each.
  expect(receiver.reportPosts()).toBeGreaterThan(3);
});

test.describe('a receiver that does not know the agency key', () => {
  // Reports are sealed for the agency: a receiver cannot read them, so it never sends one back for
  // changes (the correct-and-resend path is gone). A refusal of the envelope is kept for a person to see.
  test.use({ receiverOptions: { agencyKeyIds: ['another-agency-key'] } });

  test('refuses the sealed report; the tablet keeps it, marked as refused, with nothing to correct', async ({ page, receiver }) => {
    await sendReportsTo(page, receiver.endpoint);
    await visit(page, '/?lang=en');
    const reference = await fileReport(page, 'en', sampleDetails('refused'));
    await visit(page, '/outbox?lang=en');
    const entry = outboxEntry(page, reference);
    await expect(entry).toContainText('Status: Refused by the receiver', { timeout: 20_000 });
    await expect(entry).toContainText('(400)');
    await expect(entry.getByRole('button')).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Main' }).locator('.badge')).toHaveText('1');
    expect(await receiver.rows()).toEqual([]);
  });
});

test('two tabs open at once send each report exactly once', async ({ context, receiver }) => {
  const first = await context.newPage();
  await sendReportsTo(first, receiver.endpoint);
  await receiver.stop();
  await visit(first, '/?lang=en');
  const references: string[] = [];
  for (const tag of ['a', 'b', 'c', 'd']) {
    references.push(await fileReport(first, 'en', sampleDetails(tag)));
    await visit(first, '/?lang=en');
  }
  const second = await context.newPage();
  await visit(second, '/outbox?lang=en');
  await visit(first, '/outbox?lang=en');
  await receiver.start();
  // Both tabs press "Sync now" at once.
  await Promise.all([
    first.getByRole('button', { name: 'Sync now' }).click(),
    second.getByRole('button', { name: 'Sync now' }).click(),
  ]);
  for (const reference of references) {
    await expect(outboxEntry(second, reference)).toContainText(RECEIVED, { timeout: 40_000 });
    await expect(outboxEntry(first, reference)).toContainText(RECEIVED);
  }
  expect(await receiver.rows()).toHaveLength(4);
  expect(receiver.reportPosts()).toBe(4);
});

test.describe('a receiver that needs a token', () => {
  test.use({ receiverOptions: { token: 'field-token-7' } });

  test('a backlog held by a refused token goes in batches once the token is right, each report once', async ({ page, receiver }) => {
    test.setTimeout(150_000);
    // No token yet: the first attempt is refused and sending pauses, so the
    // reports wait together rather than each on its own backoff.
    await sendReportsTo(page, receiver.endpoint);
    await visit(page, '/?lang=en');
    const references: string[] = [];
    const ids: string[] = [];
    for (let n = 1; n <= 8; n++) {
      references.push(await fileReport(page, 'en', sampleDetails(`batch ${n}`)));
      ids.push(filedId(page.url()));
      await visit(page, '/?lang=en');
    }
    await visit(page, '/outbox?lang=en');
    await expect(page.getByText('Sending is paused: the receiver refused the token.')).toBeVisible();
    expect(await receiver.rows()).toEqual([]);

    await visit(page, '/settings?lang=en');
    await page.getByLabel('Access token').fill('field-token-7');
    await page.getByRole('button', { name: 'Save sending settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Sending settings saved.' })).toBeVisible();
    // Within the page, not a reload: a reload would cut off a batch under way,
    // and its reports, already stored, would be sent again as replays.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Outbox/ }).click();
    for (const reference of references) {
      await expect(outboxEntry(page, reference)).toContainText(RECEIVED, { timeout: 40_000 });
    }
    expect((await receiver.rows()).map((row) => row.id).sort()).toEqual([...ids].sort());
    // They went in batches (the app's origin is not the receiver's: CORS allowed
    // it), and none was sent twice: eight reports, each taken once.
    const batches = receiver.batches();
    expect(batches.posts).toBeGreaterThan(0);
    expect(batches.reports).toBeGreaterThan(batches.posts);
    const accepted = receiver.logs.filter((line) => / POST \/api\/reports 20[01] /.test(line)).length;
    expect(accepted + batches.reports).toBe(8);
  });
});

test('an endpoint that answers 200 {"ok":true} without forwarding is not taken for the receiver', async ({ page }) => {
  // A gateway in front of nothing: it answers every request, preflights included, with 200.
  const gateway = createServer((req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': 'content-type, authorization, idempotency-key',
      'Access-Control-Allow-Methods': 'GET, POST',
    });
    res.end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const { port } = gateway.address() as AddressInfo;
  try {
    await sendReportsTo(page, `http://127.0.0.1:${port}/api/reports`);
    await visit(page, '/?lang=en');
    const reference = await fileReport(page, 'en', sampleDetails('gateway'));
    await visit(page, '/outbox?lang=en');
    await expect(page.getByRole('alert')).toContainText('could not prove that the agency received the report', { timeout: 20_000 });
    await expect(outboxEntry(page, reference)).not.toContainText(RECEIVED);
    await expect(outboxEntry(page, reference)).toContainText('could not prove receipt');
  } finally {
    await new Promise((resolve) => gateway.close(resolve));
  }
});

test('an address with a user name and password is refused with words, and one stored by an older version is not used', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  const withCredentials = receiver.endpoint.replace('http://', 'http://staff:secret@');
  const field = page.getByLabel('Receiver address (URL)');
  await field.fill(withCredentials);
  await page.getByRole('button', { name: 'Save sending settings' }).click();
  await expect(page.getByText('The address must not contain a user name or password')).toBeVisible();
  // Not saved: what was typed stays in the field, to be corrected; the saved address is kept.
  await expect(field).toHaveValue(withCredentials);
  await expect(field).toBeFocused();
  await expect(page.getByText('Sending settings saved.')).toHaveCount(0);
  await visit(page, '/settings?lang=en');
  await expect(field).toHaveValue(receiver.endpoint);

  // As an older version stored it, without a word.
  await page.evaluate(
    (endpoint) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('shouhu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const transaction = open.result.transaction('settings', 'readwrite');
          transaction.objectStore('settings').put({ key: 'syncSettings', value: { endpoint } });
          transaction.oncomplete = () => {
            open.result.close();
            resolve();
          };
          transaction.onerror = () => reject(transaction.error);
        };
      }),
    withCredentials,
  );
  await visit(page, '/?lang=en');
  await expect(page.getByText('The agency address needs fixing')).toBeVisible({ timeout: 20_000 });
  await visit(page, '/settings?lang=en');
  await expect(field).toHaveValue(withCredentials);
  await expect(page.getByText('The address must not contain a user name or password')).toBeVisible();
});
