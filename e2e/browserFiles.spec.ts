// What Chromium itself writes to its profile folder while staff use the app:
// session restore (Sessions/) and autofill (Web Data) must not keep anything
// typed into a report or a profile, so a persistent profile is searched byte by byte.
// (The app's own database is searched record by record, from inside the page,
// by privacy.spec.ts.)
import { chromium, type Page } from '@playwright/test';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, findChromium } from './browser';
import { expect, sendReportsTo, test } from './receiver';
import { fileCaseReport, type CaseDetails } from './receiptHelpers';
import { openFold } from './reportForm';
import { createProfile } from './session';

// Latin and Chinese in each value: Chromium keeps form state as UTF-16, autofill as UTF-8.
const report: CaseDetails = {
  reporter: 'Ottoline 柳絮飞 Vance',
  unit: 'Hazelmere 青藤 Primary',
  position: 'Deputy Quillwright 副校长',
  phone: '13955501234',
  child: 'Zebulon 石榴籽 Quartermaine',
  whereNow: 'Infirmary annex 医务室 Pennywhistle',
  address: '42 Wisteria 紫藤巷 Lane',
  school: 'Fairbrook 枫溪 Academy',
  className: 'Class Birch 桦树班',
  guardians: 'Orlando Pemberton 彭伯顿, uncle, 13711112222',
  discoveredAt: '2026-01-02T09:30',
  occurredPlace: 'Riverbank 磨坊 mill yard',
  narrative: 'Bruises seen during the xylophone 木琴课 lesson',
  childWords: 'He said the quokka 短尾矮袋鼠 would tell nobody',
  injuries: 'Yellowing bruises 黄色淤青 on the forearm',
  suspect: 'Mordecai 布莱克索恩 Blackthorn',
  relationship: 'Step-uncle 继叔',
  policeNotifiedAt: '2026-01-02T09:45',
  policeStation: 'Hillside 山坡 West station',
  policeIncidentNumber: 'JJ-2026-0417',
};

const profile = {
  lockLabel: 'Zq 柿子',
  name: 'Persimmon 柿子树 Okonkwo',
  position: 'Head of Marmalade 果酱主任',
  passphrase: 'violet tangerine 灯笼 passphrase',
};

/**
 * Typed into a draft that is still open when the browser closes: session restore is about open pages.
 * The step left behind is in the tab's history at once; the step on screen only once Chromium syncs
 * the page's state, a moment later, so its guardians may not have reached the disk either way.
 */
const openDraft = {
  child: 'Tabitha 未完成 Lumberjack',
  whereNow: 'Beside the trampoline 蹦床 shed',
  guardians: 'Grandmother 外婆 Featherstonehaugh',
  narrative: 'Unfinished 草稿 note about the gooseberry',
};

/** Every regular file under `folder`, with its path relative to it. */
function filesUnder(folder: string, relative = ''): string[] {
  return readdirSync(path.join(folder, relative)).flatMap((name) => {
    const entry = path.join(relative, name);
    const stat = lstatSync(path.join(folder, entry));
    if (stat.isDirectory()) return filesUnder(folder, entry);
    return stat.isFile() ? [entry] : [];
  });
}

/** Each value found in a file, in UTF-8 or UTF-16LE, as "file: value (encoding)". */
function findInFiles(folder: string, values: readonly string[], skip: (file: string) => boolean = () => false): string[] {
  const found: string[] = [];
  for (const file of filesUnder(folder)) {
    if (skip(file)) continue;
    const bytes = readFileSync(path.join(folder, file));
    for (const value of values) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        if (bytes.includes(Buffer.from(value, encoding))) found.push(`${file}: ${value} (${encoding})`);
      }
    }
  }
  return found;
}

/** On Settings: changes the position in My details and saves it. */
async function fillMyDetailsPosition(page: Page, position: string) {
  const myDetails = page.getByRole('form', { name: 'My details' });
  await myDetails.getByLabel(/^Position/).fill(position);
  await myDetails.getByRole('button', { name: 'Save' }).click();
  await expect(myDetails.getByRole('status')).toHaveText('Your details are saved. New reports start with them.');
}

test('nothing typed into a report or a profile is in the browser profile folder after the browser closes', async ({ receiver, baseURL, forbidBuiltEndpoint }) => {
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-chromium-profile-'));
  try {
    const context = await chromium.launchPersistentContext(folder, {
      executablePath: findChromium() ?? undefined,
      args: CHROMIUM_ARGS,
      baseURL,
      viewport: { width: 768, height: 1024 },
    });
    forbidBuiltEndpoint(context);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/?lang=en');
    await createProfile(page, profile.lockLabel, profile.passphrase, profile.name);
    await sendReportsTo(page, receiver.endpoint, profile.lockLabel, profile.passphrase);
    await fillMyDetailsPosition(page, profile.position);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await fileCaseReport(page, report);

    // A draft left open, as a colleague called away would: one step done, the next one begun.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
    await page.getByRole('button', { name: 'Start a new report' }).click();
    await page.getByRole('group', { name: /immediate danger/ }).getByRole('radio', { name: 'No', exact: true }).check();
    await page.getByLabel(/^Child.s name/).fill(openDraft.child);
    await page.getByLabel(/^Where is the child now/).fill(openDraft.whereNow);
    await page.getByRole('checkbox', { name: /Multiple injuries/ }).check();
    await page.getByLabel(/^What happened/).fill(openDraft.narrative);
    // Moving on records the step's state in the tab's history, which session restore keeps.
    await page.getByRole('button', { name: 'Next' }).click();
    await openFold(page, /^More about the child/);
    await page.getByLabel(/^Guardians/).fill(openDraft.guardians);
    await expect(page.getByText(/Draft saved automatically/)).toBeVisible();
    const openDraftPath = new URL(page.url()).pathname;
    await context.close();

    // The search reads what it must: session restore did record the open draft (by its address)…
    expect(findInFiles(folder, [openDraftPath]).filter((hit) => hit.includes('Sessions'))).not.toEqual([]);
    expect(filesUnder(folder)).toContain(path.join('Default', 'Web Data'));
    // …but nothing typed.
    const typed = [
      ...Object.entries(report)
        .filter(([key]) => !['discoveredAt', 'policeNotifiedAt'].includes(key))
        .map(([, value]) => value),
      profile.name,
      profile.position,
      profile.passphrase,
      ...Object.values(openDraft),
    ];
    expect(findInFiles(folder, typed)).toEqual([]);
    // The lock-screen label is stored in clear in the app's database by design (docs/privacy.md); nowhere else.
    expect(findInFiles(folder, [profile.lockLabel], (file) => file.includes('IndexedDB'))).toEqual([]);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
