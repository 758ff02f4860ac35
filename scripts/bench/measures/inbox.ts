// Inbox: the agency's inbox page (issue 17) with as many reports in the
// receiver as the outbox measure puts on the tablet (5,000), served by the
// reference receiver from the built app, at the CPU slowdown of every measure.
// Open: from the officer's click on "Open" (the key file chosen, its
// passphrase typed) to the first 50 reports decrypted, checked and painted;
// this includes the key file's 600,000 PBKDF2 rounds. Older: from the click on
// "Older 50" to the next 50 painted. Beside them in the table: the outbox
// screen's render (scale.render), the tablet's own list of as many reports.
// Floors, in the same page and slowdown: the key's PBKDF2 rounds with
// WebCrypto and the page of 50 fetched (nothing decrypted, nothing shown); a
// page of 50 fetched alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { openReportStore } from '../../../server/openStore';
import { newReceiptId } from '../../../server/receiptId';
import { startReceiver, type RunningReceiver } from '../../../server/receiver';
import { TEST_RECEIVER_SIGNING } from '../../../server/testing/testSigning';
import { KEY_FILE_ITERATIONS, writePrivateKeyFile } from '../../../src/contract/privateKeyFile';
import { TEST_AGENCY_KEYS, TEST_AGENCY_PRIVATE_JWK } from '../../../src/contract/testing/agencyTestKey';
import { sealedTestEnvelope } from '../../../src/contract/testing/sealedTestEnvelope';
import { validReportInput } from '../../../src/contract/testing/testReports';
import { openPage, type BenchPage, type WithProbes } from '../benchBrowser';
import { alternate, type BenchContext } from '../context';
import { medians, type Row } from '../table';

const OFFICER_TOKEN = 'officer-credential-of-the-benchmark';
const PASSPHRASE = 'the benchmark agency passphrase';
const PAGE_SIZE = 50;
const INSERT_CHUNK = 500;
const SEAL_CHUNK = 250;
const OPEN_GOAL_MS = 3000;

/** `count` sealed reports stored as the intake stores them, one a minute apart, a child in danger in one of seven. */
async function seed(database: string, count: number): Promise<void> {
  const store = await openReportStore(database, { poolSize: 1, log: () => undefined });
  try {
    const started = Date.now() - count * 60_000;
    for (let first = 0; first < count; first += INSERT_CHUNK) {
      const stored = [];
      for (let chunk = first; chunk < Math.min(count, first + INSERT_CHUNK); chunk += SEAL_CHUNK) {
        const indexes = Array.from({ length: Math.min(SEAL_CHUNK, count - chunk) }, (_, offset) => chunk + offset);
        stored.push(
          ...(await Promise.all(
            indexes.map(async (index) => {
              const report = validReportInput({ incident: { immediateDanger: index % 7 === 0 ? 'yes' : 'unknown' } });
              const receivedAt = new Date(started + index * 60_000);
              return { envelope: await sealedTestEnvelope(report), receiptId: newReceiptId(receivedAt), receivedAt: receivedAt.toISOString() };
            }),
          )),
        );
      }
      await store.insertAllIfAbsent(stored);
    }
  } finally {
    await store.close();
  }
}

interface InboxRun {
  /** Open, or the floor: the key's rounds and a page fetched. */
  open: number;
  /** Older 50, or the floor: a page fetched. */
  older: number;
}

/** The officer's part before the click: the inbox's opening form, filled in. */
async function fillOpening(page: Page, receiver: RunningReceiver, keyFile: string): Promise<void> {
  await page.goto(`${receiver.url}/inbox?lang=en`);
  await page.getByLabel('Officer credential').fill(OFFICER_TOKEN);
  await page.getByLabel("The agency's private key file").setInputFiles(keyFile);
  await page.getByLabel('Passphrase of the key file').fill(PASSPHRASE);
  await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.recordClicks());
}

/** From a click on the button to `text` painted in the list's count. */
async function clickToText(bench: BenchPage, button: string, text: string): Promise<number> {
  const { page } = bench;
  const shown = page.evaluate(([selector, expected]) => (globalThis as unknown as WithProbes).__bench.whenText(selector, expected), ['.list-count', text] as const);
  await page.getByRole('button', { name: button }).click();
  const { paintedAt } = await shown;
  const clickAt = await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.clickAt());
  if (clickAt === undefined) throw new Error('The click was not seen');
  return paintedAt - clickAt;
}

/** The floor, in the page: what opening cannot do without (the key's rounds, a page fetched), and a page fetched alone. */
function floorInPage(page: Page, iterations: number): Promise<InboxRun> {
  return page.evaluate(
    async ([token, passphrase, rounds, size]) => {
      // No named functions in here: tsx would wrap them in a helper the page does not have.
      const url = `/api/inbox/reports?limit=${size}`;
      const init = { headers: { Authorization: `Bearer ${token}` }, cache: 'no-store' as const };
      const openStarted = performance.now();
      const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(passphrase), 'PBKDF2', false, ['deriveBits']);
      await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-512', salt: new Uint8Array(16), iterations: rounds }, material, 256);
      await (await fetch(url, init)).json();
      const open = performance.now() - openStarted;
      const olderStarted = performance.now();
      await (await fetch(url, init)).json();
      return { open, older: performance.now() - olderStarted };
    },
    [OFFICER_TOKEN, PASSPHRASE, iterations, PAGE_SIZE] as const,
  );
}

export async function measureInbox(context: BenchContext): Promise<Row[]> {
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-bench-inbox-'));
  const database = path.join(folder, 'reports.sqlite');
  const keyFile = path.join(folder, 'agency-private-key.jwe');
  const count = context.scaleReports;
  const seeding = performance.now();
  await seed(database, count);
  writeFileSync(keyFile, await writePrivateKeyFile(TEST_AGENCY_PRIVATE_JWK, PASSPHRASE));
  context.log(`  seeded ${count} sealed reports in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const receiver = await startReceiver({
    database,
    port: 0,
    agencyKeyIds: TEST_AGENCY_KEYS.map((key) => key.kid),
    ...TEST_RECEIVER_SIGNING,
    officerToken: OFFICER_TOKEN,
    inboxDir: context.app.outDir,
    log: () => undefined,
  });
  const bench = await openPage(context.browser, { throttled: false });
  try {
    const firstShown = `${count} in all; these are 1–${Math.min(PAGE_SIZE, count)}, newest received first.`;
    const olderShown = `${count} in all; these are ${PAGE_SIZE + 1}–${Math.min(2 * PAGE_SIZE, count)}, newest received first.`;
    const runs = await alternate(context.runs, async (target): Promise<InboxRun> => {
      await fillOpening(bench.page, receiver, keyFile);
      await bench.throttle(true);
      try {
        if (target === 'floor') return await floorInPage(bench.page, KEY_FILE_ITERATIONS);
        const open = await clickToText(bench, 'Open the inbox', firstShown);
        const older = count > PAGE_SIZE ? await clickToText(bench, 'Older 50', olderShown) : Number.NaN;
        return { open, older };
      } finally {
        await bench.throttle(false);
      }
    });
    const open = medians(runs, (run) => run.open);
    return [
      {
        key: 'inbox.open',
        label: `Inbox: opened with the key file, first 50 of ${count} decrypted and shown`,
        unit: 'ms',
        ...open,
        floorIs: 'the key file\'s PBKDF2 rounds and the page fetched, in the page',
        goal: { text: `< ${OPEN_GOAL_MS} ms`, met: open.app < OPEN_GOAL_MS },
      },
      {
        key: 'inbox.older',
        label: 'Inbox: "Older 50", decrypted and shown',
        unit: 'ms',
        ...medians(runs, (run) => run.older),
        floorIs: 'the page of 50 fetched, in the page',
      },
    ];
  } finally {
    await bench.close();
    await receiver.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
