// Drives the report form as a user would: by labels and button names, in either language.
import { expect, type Page } from '@playwright/test';
import { visit } from './session';

export type Lang = 'zh' | 'en';

const text = {
  zh: {
    start: '开始新报告',
    next: '下一步',
    back: '上一步',
    backToReview: '返回核对页面',
    danger: /紧急危险/,
    yes: '是',
    no: '否',
    reporterFold: /^报告人（您）/,
    childFold: /^儿童的其他情况/,
    submit: '提交报告',
    reporterName: '报告人姓名',
    unitName: '单位名称',
    unitType: '单位类型',
    unitTypeSchool: '中小学校',
    phone: '联系电话',
    childName: '儿童姓名',
    whereNow: '儿童现在在哪里',
    circumstance: /身体存在多处损伤/,
    discoveredAt: '发现时间',
    narrative: /^经过/,
    filed: '报告已提交',
    outbox: '发件箱',
    queued: '等待发送',
  },
  en: {
    start: 'Start a new report',
    next: 'Next',
    back: 'Back',
    backToReview: 'Back to review',
    danger: /immediate danger/,
    yes: 'Yes',
    no: 'No',
    reporterFold: /^Reporter \(you\)/,
    childFold: /^More about the child/,
    submit: 'Submit report',
    reporterName: 'Your name',
    unitName: 'Unit name',
    unitType: 'Type of unit',
    unitTypeSchool: 'Primary or secondary school',
    phone: 'Phone number',
    childName: /Child.s name/,
    whereNow: 'Where is the child now?',
    circumstance: /Multiple injuries/,
    discoveredAt: 'When was it discovered?',
    narrative: /^What happened/,
    filed: 'Report submitted',
    outbox: 'Outbox',
    queued: 'Waiting to be sent',
  },
} as const;

export const labels = (lang: Lang) => text[lang];

export interface ReportDetails {
  reporter: string;
  unit: string;
  phone: string;
  child: string;
  whereNow: string;
  discoveredAt: string;
  narrative: string;
  /** Is the child in immediate danger: "no" unless given. */
  danger?: 'yes' | 'no';
}

export const sampleDetails = (tag: string): ReportDetails => ({
  reporter: `王老师${tag}`,
  unit: '青山村小学',
  phone: '13800138000',
  child: `李小明${tag}`,
  whereNow: '学校医务室',
  discoveredAt: '2026-11-20T09:30',
  narrative: `课间发现孩子手臂多处淤青。${tag}`,
});

/** Opens a fold of the details step (by its title), unless it is open already. */
export async function openFold(page: Page, title: RegExp): Promise<void> {
  const fold = page.locator('details.fold').filter({ has: page.locator('summary', { hasText: title }) });
  if ((await fold.getAttribute('open')) === null) await fold.locator('summary').click();
  await expect(fold).toHaveAttribute('open', '');
}

/** From the home screen, fills in a complete report and stops on the review, without filing it. */
export async function fillReport(page: Page, lang: Lang, details: ReportDetails): Promise<void> {
  const t = labels(lang);
  await page.getByRole('button', { name: t.start }).click();
  // What happened: the essentials.
  await page.getByRole('group', { name: t.danger }).getByRole('radio', { name: details.danger === 'yes' ? t.yes : t.no, exact: true }).check();
  await page.getByLabel(t.childName, { exact: typeof t.childName === 'string' }).fill(details.child);
  await page.getByLabel(t.whereNow).fill(details.whereNow);
  await page.getByRole('checkbox', { name: t.circumstance }).check();
  await page.getByLabel(t.discoveredAt).fill(details.discoveredAt);
  await page.getByLabel(t.narrative).fill(details.narrative);
  await page.getByRole('button', { name: t.next }).click();

  // More details: the reporter, in its fold (the profile filled it in; these details replace it).
  await openFold(page, t.reporterFold);
  await page.getByLabel(t.reporterName).fill(details.reporter);
  await page.getByLabel(t.unitName).fill(details.unit);
  await page.getByLabel(t.unitType).selectOption({ label: t.unitTypeSchool });
  await page.getByLabel(t.phone).fill(details.phone);
  await page.getByRole('button', { name: t.next }).click();
  await expect(page.getByRole('button', { name: t.submit })).toBeVisible();
}

/** From the home screen, files a complete report and returns its reference code as shown. */
export async function fileReport(page: Page, lang: Lang, details: ReportDetails): Promise<string> {
  const t = labels(lang);
  await fillReport(page, lang, details);
  await page.getByRole('button', { name: t.submit }).click();
  await expect(page.getByRole('heading', { name: t.filed })).toBeVisible();
  const reference = await page.locator('.reference-code').innerText();
  expect(reference).toMatch(/^[0-9A-Z]{3}-[0-9A-Z]{3}-[0-9A-Z]{3}$/);
  return reference;
}

export interface StoredDraft {
  id: string;
  updatedAt: string;
  /** Whether the values are stored sealed (ciphertext) rather than in clear. */
  sealed: boolean;
}

/** The drafts as stored in IndexedDB, newest first, read with the raw API as another tab would. */
export async function storedDrafts(page: Page): Promise<StoredDraft[]> {
  return page.evaluate(
    () =>
      new Promise<StoredDraft[]>((resolve, reject) => {
        const open = indexedDB.open('shouhu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('drafts').objectStore('drafts').getAll();
          request.onsuccess = () => {
            const drafts = (request.result as { id: string; updatedAt: string; sealedValues?: unknown; values?: unknown }[]).map(
              (draft) => ({ id: draft.id, updatedAt: draft.updatedAt, sealed: draft.sealedValues !== undefined && draft.values === undefined }),
            );
            drafts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
            open.result.close();
            resolve(drafts);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Opens step n (1-based) of the report being written, as the step links do. */
export async function gotoStep(page: Page, step: number): Promise<void> {
  await page.waitForURL(/\/report\/[0-9a-f-]+\/step-\d/);
  await visit(page, page.url().replace(/\/step-\d/, `/step-${step}`));
}
