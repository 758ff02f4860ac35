// The real reference receiver for end-to-end tests: started in the test
// process on 127.0.0.1 and a free port, with its own SQLite file, stopped
// and started again on the same port to play "the receiver is down".
import type { Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startReceiver, type ReceiverOptions, type RunningReceiver } from '../server/receiver';
import { TEST_AGENCY_KEYS } from '../src/contract/testing/agencyTestKey';
import { batchResultsIn } from '../server/requestLog';
import { test as base, expect } from './deployment';
import { LABEL, PASSPHRASE, visit } from './session';
import { TEST_RECEIVER_SIGNING } from '../server/testing/testSigning';

export interface FaultPlan {
  failNext?: number;
  status?: number;
  retryAfter?: number;
  dropAfterStore?: number;
}

export class E2EReceiver {
  readonly logs: string[] = [];
  private running: RunningReceiver | undefined;
  private port = 0;

  constructor(
    private readonly dbPath: string,
    private readonly options: Partial<ReceiverOptions> = {},
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/api/reports`;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The receiver's SQLite file (beside it, SQLite's -wal and -shm files). */
  get databaseFile(): string {
    return this.dbPath;
  }

  async start(): Promise<void> {
    this.running = await startReceiver({
      host: '127.0.0.1',
      port: this.port,
      testHooks: true,
      // The key the tests' config.json names (e2e/deployment.ts).
      agencyKeyIds: TEST_AGENCY_KEYS.map((key) => key.kid),
      ...TEST_RECEIVER_SIGNING,
      log: (line) => this.logs.push(line),
      ...this.options,
      database: this.dbPath,
    });
    this.port = Number(new URL(this.running.url).port);
  }

  async stop(): Promise<void> {
    await this.running?.close();
    this.running = undefined;
  }

  /** POSTs of reports the receiver answered or dropped. */
  reportPosts(): number {
    return this.logs.filter((line) => / POST \/api\/reports /.test(line)).length;
  }

  /** POSTs of batches, and how many reports the answered ones carried ("results=201x2,200x1"). */
  batches(): { posts: number; reports: number } {
    const lines = this.logs.filter((line) => / POST \/api\/reports\/batch /.test(line));
    const reports = lines.reduce((sum, line) => sum + [...batchResultsIn(line).values()].reduce((a, b) => a + b, 0), 0);
    return { posts: lines.length, reports };
  }

  async rows(): Promise<{ id: string; contentHash: string }[]> {
    const response = await fetch(`${this.url}/__test__/count`);
    return ((await response.json()) as { rows: { id: string; contentHash: string }[] }).rows;
  }

  async faults(plan: FaultPlan): Promise<void> {
    const response = await fetch(`${this.url}/__test__/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(plan),
    });
    expect(response.ok).toBe(true);
  }

  async stored(id: string): Promise<{ receiptId: string; receivedAt: string } & Record<string, unknown>> {
    const response = await fetch(`${this.endpoint}/${id}`);
    expect(response.status).toBe(200);
    return (await response.json()) as { receiptId: string; receivedAt: string };
  }
}

/** A test with a running receiver of its own (`receiverOptions` to configure it). */
export const test = base.extend<{ receiverOptions: Partial<ReceiverOptions>; receiver: E2EReceiver }>({
  receiverOptions: [{}, { option: true }],
  receiver: async ({ receiverOptions }, use) => {
    const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-e2e-'));
    const receiver = new E2EReceiver(path.join(folder, 'reports.sqlite'), receiverOptions);
    await receiver.start();
    await use(receiver);
    await receiver.stop();
    rmSync(folder, { recursive: true, force: true });
  },
});

export { expect };

/** Points the app at an endpoint through the Settings screen, as staff would. */
export async function sendReportsTo(page: Page, endpoint: string, label = LABEL, passphrase = PASSPHRASE): Promise<void> {
  await visit(page, '/settings?lang=en', label, passphrase);
  const field = page.getByLabel('Receiver address (URL)');
  await expect(field).not.toHaveValue('');
  await field.fill(endpoint);
  await page.getByRole('button', { name: 'Save sending settings' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sending settings saved.' })).toBeVisible();
}

/** The outbox entry of a report, found by its reference code. */
export function outboxEntry(page: Page, reference: string) {
  return page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: reference }) });
}
