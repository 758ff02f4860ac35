// What the end-to-end tests of the agency's answers share: a receiver clock
// that moves with the tablet's (Playwright's clock moves only the page's),
// filing a report until the agency has it, setting a status as an officer
// does, and going back to the outbox after time moved on.
import type { Page } from '@playwright/test';
import { setStatusOk } from '../server/testing/officerRequests';
import { OFFICER_TOKEN } from './inboxHelpers';
import { fileReport, sampleDetails } from './reportForm';
import { expect, outboxEntry, type E2EReceiver } from './receiver';
import { enterApp, visit } from './session';

export const HOUR_MS = 3600_000;
const RECEIVED = 'Status: Received by the agency';

/** The receiver's clock: the real time plus however far the test moved the tablet's on. */
export const agencyClock = {
  movedMs: 0,
  now: (): number => Date.now() + agencyClock.movedMs,
  reset: (): void => {
    agencyClock.movedMs = 0;
  },
};

/** Moves the tablet's clock (and the receiver's) on; the timers due fire once. */
export async function moveOn(page: Page, ms: number): Promise<void> {
  agencyClock.movedMs += ms;
  await page.clock.fastForward(ms);
}

/**
 * After the clock moved on (the tablet may have locked itself meanwhile):
 * back into the app and to the outbox, within the page, so that what shows
 * is what the engine's own timers fetched, not a fresh start's.
 */
export async function backToOutbox(page: Page): Promise<void> {
  await enterApp(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Outbox/ }).click();
}

/** Files a report from the home screen and waits until the agency has it; its reference as shown ("7W6-2N7-KV9") and id. */
export async function fileAndSend(page: Page, tag: string, danger: 'yes' | 'no' = 'no'): Promise<{ reference: string; id: string }> {
  await visit(page, '/?lang=en');
  const shown = await fileReport(page, 'en', { ...sampleDetails(tag), danger });
  const id = /\/filed\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  await visit(page, '/outbox?lang=en');
  await expect(outboxEntry(page, shown)).toContainText(RECEIVED, { timeout: 20_000 });
  return { reference: shown, id };
}

/** Sets a report's status as an officer would: POST /api/inbox/reports/<id>/status (201, else it throws). Returns the signed change. */
export const setStatus = (receiver: E2EReceiver, id: string, body: object): Promise<string> => setStatusOk(receiver, id, body, { token: OFFICER_TOKEN });
