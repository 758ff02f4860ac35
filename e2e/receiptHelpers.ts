// For the receipt's end-to-end tests: a report with a distinctive value in
// every case field (Latin text, so the PDF check needs no CJK font), the PDF
// of a page as printed, and the stored outbox row.
import { expect, type Page } from '@playwright/test';
import { openFold } from './reportForm';
import { extractText, getDocumentProxy } from 'unpdf';

export interface CaseDetails {
  reporter: string;
  unit: string;
  position: string;
  phone: string;
  child: string;
  whereNow: string;
  address: string;
  school: string;
  className: string;
  guardians: string;
  discoveredAt: string;
  occurredPlace: string;
  narrative: string;
  childWords: string;
  injuries: string;
  suspect: string;
  relationship: string;
  policeNotifiedAt: string;
  policeStation: string;
  policeIncidentNumber: string;
}

export const caseDetails = (tag: string): CaseDetails => ({
  reporter: `Ottoline Vance ${tag}`,
  unit: `Hazelmere Primary ${tag}`,
  position: 'Deputy Headteacher Quillwright',
  phone: '13912345678',
  child: 'Zebulon Quartermaine',
  whereNow: 'Infirmary annex with Mrs Pennywhistle',
  address: '42 Wisteria Lane',
  school: 'Fairbrook Academy',
  className: 'Class Five Birch',
  guardians: 'Orlando Pemberton, uncle, 13711112222',
  discoveredAt: '2026-01-02T09:30',
  occurredPlace: 'Riverbank mill yard',
  narrative: 'Bruises seen on both forearms during the xylophone lesson.',
  childWords: 'He said the quokka would tell nobody',
  injuries: 'Yellowing bruises on the left forearm',
  suspect: 'Mordecai Blackthorn',
  relationship: 'Step-uncle',
  policeNotifiedAt: '2026-01-02T09:45',
  policeStation: 'Hillside West station',
  policeIncidentNumber: 'JJ-2026-0417',
});

/** What must never appear on a receipt for these details. */
export const forbiddenOnReceipt = (d: CaseDetails): string[] => [
  d.child,
  'Zebulon',
  'Quartermaine',
  d.address,
  'Wisteria',
  d.school,
  'Fairbrook',
  d.className,
  d.guardians,
  'Pemberton',
  d.whereNow,
  'Pennywhistle',
  d.occurredPlace,
  d.narrative,
  'xylophone',
  d.childWords,
  'quokka',
  d.injuries,
  d.suspect,
  'Mordecai',
  'Blackthorn',
  d.relationship,
  d.policeStation,
  d.position,
  'Quillwright',
  d.phone,
  '13711112222',
  'Multiple injuries', // the circumstance chosen
  'injury_abuse',
];

/** From the home screen in English, files a report with every case field filled; returns its id and reference. */
export async function fileCaseReport(page: Page, d: CaseDetails): Promise<{ id: string; reference: string }> {
  await page.getByRole('button', { name: 'Start a new report' }).click();
  // What happened: the police were called, so their details are asked on the next step.
  await page.getByRole('group', { name: /immediate danger/ }).getByRole('radio', { name: 'No', exact: true }).check();
  await page.getByRole('checkbox', { name: 'The police have been called' }).check();
  await page.getByLabel(/^Child.s name/).fill(d.child);
  await page.getByLabel(/^Where is the child now/).fill(d.whereNow);
  await page.getByRole('checkbox', { name: /Multiple injuries/ }).check();
  await page.getByLabel(/^When was it discovered/).fill(d.discoveredAt);
  await page.getByLabel(/^What happened/).fill(d.narrative);
  await page.getByRole('button', { name: 'Next' }).click();

  // More details, fold by fold.
  await openFold(page, /^More about the child/);
  await page.getByLabel(/^Home address/).fill(d.address);
  await page.getByLabel(/^School/).fill(d.school);
  await page.getByLabel(/^Class/).fill(d.className);
  await page.getByLabel(/^Guardians/).fill(d.guardians);
  await openFold(page, /^More about what happened/);
  await page.getByLabel(/^Where did it happen/).fill(d.occurredPlace);
  await page.getByLabel(/^The child.s own words/).fill(d.childWords);
  await page.getByLabel(/^Injuries seen/).fill(d.injuries);
  await openFold(page, /^Suspect/);
  await page.getByRole('group', { name: /know who the suspect is/ }).getByRole('radio', { name: 'Yes', exact: true }).check();
  await page.getByLabel(/^Suspect.s name/).fill(d.suspect);
  await page.getByLabel(/^Relationship to the child/).fill(d.relationship);
  await openFold(page, /^Actions taken/);
  await page.getByLabel(/^When the police were called/).fill(d.policeNotifiedAt);
  await page.getByLabel(/^Police station/).fill(d.policeStation);
  await page.getByLabel(/^Police incident number/).fill(d.policeIncidentNumber);
  await openFold(page, /^Reporter \(you\)/);
  await page.getByLabel('Your name').fill(d.reporter);
  await page.getByLabel('Unit name').fill(d.unit);
  await page.getByLabel('Type of unit').selectOption({ label: 'Primary or secondary school' });
  await page.getByLabel(/^Position/).fill(d.position);
  await page.getByLabel('Phone number').fill(d.phone);
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('button', { name: 'Submit report' }).click();
  await expect(page.getByRole('heading', { name: 'Report submitted' })).toBeVisible();
  const id = /\/filed\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  if (!id) throw new Error(`No report id in ${page.url()}`);
  const reference = await page.locator('.reference-code').innerText();
  return { id, reference };
}

/** The outbox row as stored in IndexedDB, read with the raw API. */
export async function storedOutboxItem(page: Page, id: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(
    (key) =>
      new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const open = indexedDB.open('shouhu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('outbox').objectStore('outbox').get(key);
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as Record<string, unknown> | undefined);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    id,
  );
}

/** How often the receipt has been printed, as stored in the settings table. */
export async function storedPrintCount(page: Page, id: string): Promise<number> {
  return page.evaluate(
    (key) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('shouhu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('settings').objectStore('settings').get(key);
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as { value?: { count?: number } } | undefined)?.value?.count ?? 0);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    `receiptPrints:${id}`,
  );
}

/** The page printed to PDF with the print stylesheet, as the browser prints it. */
export async function printedPdf(page: Page, format: 'A4' | 'A5' = 'A4'): Promise<Uint8Array> {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format, preferCSSPageSize: true, printBackground: false });
  await page.emulateMedia({ media: 'screen' });
  return new Uint8Array(pdf);
}

/** The page printed to PDF with the print stylesheet, and the text in that PDF. */
export async function printedText(page: Page, format: 'A4' | 'A5' = 'A4'): Promise<{ text: string; pages: number }> {
  const document = await getDocumentProxy(await printedPdf(page, format));
  const { text, totalPages } = await extractText(document, { mergePages: true });
  return { text, pages: totalPages };
}

/** Without white space: PDF text extraction splits and joins lines in its own way. */
export const squash = (text: string): string => text.replace(/\s+/g, '');

/** A time as the app shows it in English (I18nProvider's format), in the page's time zone. */
/** A time as the English app writes it (src/i18n/dateFormat.ts: day first, 24-hour), in the page's time zone. */
export function formatInPage(page: Page, value: string): Promise<string> {
  return page.evaluate(
    (time) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(time)),
    value,
  );
}
