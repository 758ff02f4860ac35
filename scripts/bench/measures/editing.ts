// Typing and saving a draft, on the first step ("What happened", the one with
// the narrative) with a long narrative loaded from the stored draft.
//
// Typing: per keystroke, from the keydown event's timestamp to the end of the
// next frame (pageProbes.ts), at a steady pace; the 95th percentile per run.
// Floors: a bare <textarea> holding the same narrative, and a bare <input>.
//
// Autosave: from the keystroke to the draft's new updatedAt being readable in
// IndexedDB (the raw `drafts` store, polled every few ms from the page).
// Floor: a textarea that puts its value into IndexedDB on every input.
import type { Locator, Page } from '@playwright/test';
import { openPage, type BenchPage, type WithProbes } from '../benchBrowser';
import { alternate, type BenchContext } from '../context';
import { median, medians, percentile, type Row } from '../table';
import { createProfile, longNarrative, NARRATIVE, startReportToIncident, unlock } from './appFlows';

/** A keystroke starts this long after the one before (a quick typist), or once that one is painted if later. */
const KEY_INTERVAL_MS = 100;
/** How often the draft is looked for in IndexedDB. */
const POLL_MS = 5;
const TYPING_GOAL_MS = 50;
/** The app's own promise: every change is stored within half a second (src/features/report/ReportForm.tsx). */
const AUTOSAVE_GOAL_MS = 500;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function caretAtEnd(field: Locator): Promise<void> {
  await field.evaluate((element: HTMLInputElement | HTMLTextAreaElement) => {
    element.focus();
    element.setSelectionRange(element.value.length, element.value.length);
  });
}

/** Types `count` letters into `field`; the latency of each, in ms. */
async function typeKeys(page: Page, field: Locator, count: number): Promise<number[]> {
  await caretAtEnd(field);
  const before = await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.waitForKeys(0));
  for (let key = 0; key < count; key++) {
    const started = Date.now();
    await page.keyboard.type(LETTERS[key % LETTERS.length] as string);
    await page.evaluate((total) => (globalThis as unknown as WithProbes).__bench.waitForKeys(total), before.length + key + 1);
    await sleep(KEY_INTERVAL_MS - (Date.now() - started));
  }
  const all = await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.waitForKeys(0));
  return all.slice(before.length);
}

interface Editor {
  bench: BenchPage;
  long: Locator;
  short: Locator;
  /** Where the autosaved value is: database, store, key. */
  saved: [string, string, string];
  /** The field whose saving is measured. */
  saving: Locator;
}

async function appEditor(context: BenchContext, narrative: string): Promise<Editor> {
  const bench = await openPage(context.browser, { throttled: false });
  const { page } = bench;
  await page.goto(context.app.url);
  await createProfile(page);
  const draftId = await startReportToIncident(page, 'typing');
  const stored = async () => ((await page.evaluate((id) => (globalThis as unknown as WithProbes).__bench.idbGet('shouhu', 'drafts', id), draftId)) as { updatedAt: string } | undefined)?.updatedAt;
  const before = await stored();
  await page.getByLabel(NARRATIVE).fill(narrative);
  await page.evaluate(([id, previous]) => (globalThis as unknown as WithProbes).__bench.pollUpdatedAt('shouhu', 'drafts', id, previous, 20, 10_000), [draftId, before] as const);
  // Loaded from the stored draft, as after a restart: a full load, the lock screen, the form.
  await page.reload();
  await unlock(page);
  const long = page.getByLabel(NARRATIVE);
  await page.waitForFunction((length) => (document.querySelector('#field-incident-narrative') as HTMLTextAreaElement | null)?.value.length === length, narrative.length);
  await page.evaluate(() => {
    const probes = (globalThis as unknown as WithProbes).__bench;
    probes.recordKeys();
    probes.recordClicks();
  });
  return { bench, long, short: page.locator('#field-child-whereNow'), saved: ['shouhu', 'drafts', draftId], saving: long };
}

async function floorEditor(context: BenchContext, narrative: string): Promise<{ typing: Editor; saving: Editor }> {
  const open = async (mode: string) => {
    const bench = await openPage(context.browser, { throttled: false });
    await bench.page.goto(`${context.floor.url}/?mode=${mode}`);
    if (mode === 'save') await bench.page.waitForFunction(() => document.documentElement.dataset.databaseReady === 'true');
    const long = bench.page.getByLabel('long');
    await long.fill(narrative);
    await bench.page.evaluate(() => {
      const probes = (globalThis as unknown as WithProbes).__bench;
      probes.recordKeys();
      probes.recordClicks();
    });
    return { bench, long };
  };
  const typing = await open('typing');
  const saving = await open('save');
  return {
    typing: { ...typing, short: typing.bench.page.getByLabel('short'), saved: ['floor', 'drafts', 'draft'], saving: typing.long },
    saving: { ...saving, short: saving.long, saved: ['floor', 'drafts', 'draft'], saving: saving.long },
  };
}

/** One keystroke in the saved field; ms until IndexedDB holds the new draft. */
async function saveOnce(editor: Editor): Promise<number> {
  const { page } = editor.bench;
  // Nothing pending from before.
  await sleep(1000);
  const [name, store, key] = editor.saved;
  const before = ((await page.evaluate(([n, s, k]) => (globalThis as unknown as WithProbes).__bench.idbGet(n, s, k), editor.saved)) as { updatedAt?: string } | undefined)?.updatedAt;
  await caretAtEnd(editor.saving);
  const polling = page.evaluate(
    ([n, s, k, previous, interval]) => (globalThis as unknown as WithProbes).__bench.pollUpdatedAt(n, s, k, previous, interval, 10_000),
    [name, store, key, before, POLL_MS] as const,
  );
  await page.keyboard.type('x');
  const seenAt = await polling;
  const keyAt = await page.evaluate(() => (globalThis as unknown as WithProbes).__bench.lastKeyDownAt);
  if (keyAt === undefined) throw new Error('The keystroke was not seen');
  return seenAt - keyAt;
}

export async function measureEditing(context: BenchContext): Promise<Row[]> {
  const narrative = longNarrative(context.narrativeLength);
  const app = await appEditor(context, narrative);
  const floor = await floorEditor(context, narrative);
  const pages = [app.bench, floor.typing.bench, floor.saving.bench];
  try {
    for (const bench of pages) await bench.throttle(true);
    const typing = await alternate(context.runs, async (target) => {
      const editor = target === 'app' ? app : floor.typing;
      const long = percentile(await typeKeys(editor.bench.page, editor.long, context.keystrokes), 95);
      const short = percentile(await typeKeys(editor.bench.page, editor.short, context.keystrokes), 95);
      return { long, short };
    });
    const saving = await alternate(context.runs, (target) => saveOnce(target === 'app' ? app : floor.saving));

    const long = medians(typing, (run) => run.long);
    const short = medians(typing, (run) => run.short);
    const typingGoal = ({ app, floor }: { app: number; floor: number }) => ({
      text: `≤ 1.5× floor, < ${TYPING_GOAL_MS} ms`,
      met: app <= 1.5 * floor && app < TYPING_GOAL_MS,
    });
    const saveApp = median(saving.app);
    return [
      {
        key: 'typing.narrative',
        label: `Typing p95: narrative (${narrative.length} chars), step 1`,
        unit: 'ms',
        ...long,
        floorIs: 'bare <textarea>, same text',
        goal: typingGoal(long),
      },
      {
        key: 'typing.short',
        label: 'Typing p95: short text field, step 1',
        unit: 'ms',
        ...short,
        floorIs: 'bare <input>',
        goal: typingGoal(short),
      },
      {
        key: 'saving.draft',
        label: 'Saving: keystroke to draft in IndexedDB',
        unit: 'ms',
        app: saveApp,
        floor: median(saving.floor),
        floorIs: 'IndexedDB put on every input',
        goal: { text: `< ${AUTOSAVE_GOAL_MS} ms`, met: saveApp < AUTOSAVE_GOAL_MS },
      },
    ];
  } finally {
    for (const bench of pages) await bench.close();
  }
}
