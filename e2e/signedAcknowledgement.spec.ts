// "Received by the agency" only on the agency's signature (docs/sync-protocol.md,
// "Signed acknowledgements"): the real receiver's signed answer marks a report
// received, and the tablet keeps that signature; an endpoint that answers 2xx
// with a body that looks right but is not signed marks nothing, and says so.
import type { Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyAcknowledgement } from '../src/contract/agencySignature';
import { TEST_AGENCY_NAME, TEST_SIGNING_KEYS } from '../src/contract/testing/agencySigningTestKey';
import { storedOutboxItem } from './receiptHelpers';
import { fileReport, sampleDetails } from './reportForm';
import { expect, outboxEntry, sendReportsTo, test } from './receiver';
import { visit } from './session';

const RECEIVED = 'Status: Received by the agency';

/** The report id from the confirmation page's address (/filed/<id>). */
const filedId = (url: string) => /\/filed\/([0-9a-f-]{36})/.exec(url)?.[1] ?? '';

/** The outbox record of a report, as the tablet stores it. */
const outboxRecord = async (page: Page, id: string) =>
  (await storedOutboxItem(page, id)) as { status: string; reference: string; contentHash: string; receiptId?: string; receivedAt?: string; acknowledgement?: string };

/**
 * Something that is not the agency's receiver but answers like one: every
 * report 201 with its own id and hash, a receipt id and a time, and no
 * signature. It lets the app's origin in, as a receiver does.
 */
async function startLookAlike(): Promise<{ endpoint: string; posts: () => number; server: Server }> {
  let posts = 0;
  const server = createServer((req, res) => {
    const headers = {
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Headers': 'content-type, authorization, idempotency-key',
      'Access-Control-Allow-Methods': 'GET, POST',
    };
    if (req.method !== 'POST') {
      res.writeHead(200, headers).end(JSON.stringify({ ok: true, schemaVersion: 1 }));
      return;
    }
    posts += 1;
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const { id, contentHash } = JSON.parse(body) as { id: string; contentHash: string };
      res.writeHead(201, headers).end(JSON.stringify({ id, contentHash, receiptId: 'R-20261130-LOOKALIKE0', receivedAt: new Date().toISOString() }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}/api/reports`, posts: () => posts, server };
}

test('the receiver signs, and the tablet keeps the signature with the report it marks received', async ({ page, receiver }) => {
  await sendReportsTo(page, receiver.endpoint);
  await visit(page, '/?lang=en');
  const reference = await fileReport(page, 'en', sampleDetails('signed'));
  const id = filedId(page.url());
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, reference)).toContainText(RECEIVED, { timeout: 20_000 });

  const record = await outboxRecord(page, id);
  const stored = await receiver.stored(id);
  expect(record).toMatchObject({ status: 'acknowledged', receiptId: stored.receiptId, receivedAt: stored.receivedAt });
  expect(await verifyAcknowledgement(record.acknowledgement ?? '', TEST_SIGNING_KEYS)).toMatchObject({
    ok: true,
    statement: {
      id,
      reference: record.reference,
      contentHash: record.contentHash,
      receiptId: stored.receiptId,
      receivedAt: stored.receivedAt,
      agency: TEST_AGENCY_NAME,
    },
  });
});

test('a 2xx with a valid-looking but unsigned body does not mark the report received, and the screen says why', async ({ page }) => {
  const lookAlike = await startLookAlike();
  try {
    await sendReportsTo(page, lookAlike.endpoint);
    await visit(page, '/?lang=en');
    const reference = await fileReport(page, 'en', sampleDetails('look-alike'));
    const id = filedId(page.url());
    await visit(page, '/outbox?lang=en');

    await expect(page.getByRole('alert')).toContainText('answered, but could not prove that the agency received the report', { timeout: 20_000 });
    const entry = outboxEntry(page, reference);
    await expect(entry).toContainText('could not prove receipt');
    await expect(entry).toContainText('Status: Paused');
    await expect(entry).not.toContainText(RECEIVED);
    // It was answered (at each unlock too, which resumes sending), and never believed.
    expect(lookAlike.posts()).toBeGreaterThan(0);
    const record = await outboxRecord(page, id);
    expect(record.status).toBe('paused');
    expect(record.receiptId).toBeUndefined();
    expect(record.acknowledgement).toBeUndefined();

    // In Chinese too.
    await visit(page, '/outbox');
    await expect(page.getByRole('alert')).toContainText('接收地址有应答，但无法证明接收机关已收到报告');
    await expect(outboxEntry(page, reference)).toContainText('无法证明已收到');
  } finally {
    await new Promise((resolve) => lookAlike.server.close(resolve));
  }
});

test.describe('a deployment whose config.json lists no signing key', () => {
  test.use({ configChanges: { agencySigningKeys: undefined } });

  test('the tablet sends, but says it has no key to prove receipt with, and marks nothing received', async ({ page, receiver }) => {
    await sendReportsTo(page, receiver.endpoint);
    await visit(page, '/?lang=en');
    const reference = await fileReport(page, 'en', sampleDetails('no key'));
    await visit(page, '/outbox?lang=en');

    await expect(page.getByRole('alert')).toContainText('this tablet has no agency signing key', { timeout: 20_000 });
    await expect(page.getByRole('alert')).toContainText('agencySigningKeys');
    // Settings cannot name the keys: no link there.
    await expect(page.getByRole('alert').getByRole('link')).toHaveCount(0);
    await expect(outboxEntry(page, reference)).not.toContainText(RECEIVED);
    // The report did reach the receiver: once the deployment lists the key, its replay is acknowledged.
    expect(await receiver.rows()).toHaveLength(1);
  });
});
