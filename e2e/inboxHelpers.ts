// The agency inbox in end-to-end tests: reports stored in the test's own
// receiver through its intake (as a tablet sends them), the agency's key file
// as keygen writes it, and the opening as an officer does it at /inbox.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import type { ReportEnvelope } from '../src/contract/envelope';
import { formatReference } from '../src/contract/referenceCode';
import { writePrivateKeyFile } from '../src/contract/privateKeyFile';
import { TEST_AGENCY_PRIVATE_JWK } from '../src/contract/testing/agencyTestKey';
import { sealedTestEnvelope } from '../src/contract/testing/sealedTestEnvelope';
import { validReportInput } from '../src/contract/testing/testReports';
import type { E2EReceiver } from './receiver';

export const OFFICER_TOKEN = 'officer-credential-of-the-e2e-tests';
export const AGENCY_PASSPHRASE = 'the agency keeps this apart';

const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-inbox-e2e-'));
let agencyKeyFile: Promise<string> | undefined;

/** The tests' agency key (TEST_AGENCY_PRIVATE_JWK) in a key file, as keygen writes one: its path. */
export function agencyKeyFilePath(): Promise<string> {
  agencyKeyFile ??= writePrivateKeyFile(TEST_AGENCY_PRIVATE_JWK, AGENCY_PASSPHRASE).then((text) => {
    const file = path.join(folder, 'agency-private-key.jwe');
    writeFileSync(file, text);
    return file;
  });
  return agencyKeyFile;
}

/** A key file of another agency's key, with the same passphrase. */
export async function otherAgencyKeyFilePath(): Promise<string> {
  const pair = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256', extractable: true });
  const file = path.join(folder, 'other-agency-private-key.jwe');
  writeFileSync(file, await writePrivateKeyFile({ ...(await exportJWK(pair.privateKey)), kid: 'another-agencys-key' }, AGENCY_PASSPHRASE));
  return file;
}

/** A file that is not a key file at all. */
export function notAKeyFilePath(): string {
  const file = path.join(folder, 'config.json');
  writeFileSync(file, '{"endpoint": "https://reports.example.gov.cn/api/reports"}');
  return file;
}

/** Reports sent to the receiver's intake as tablets send them, oldest first (the receiver's clock orders them). */
export async function storeReports<Reports extends readonly unknown[]>(
  receiver: E2EReceiver,
  reports: readonly [...Reports],
): Promise<{ [Index in keyof Reports]: ReportEnvelope }> {
  const envelopes: ReportEnvelope[] = [];
  for (const report of reports) {
    const envelope = await sealedTestEnvelope(report);
    const response = await fetch(receiver.endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': envelope.id },
      body: JSON.stringify(envelope),
    });
    expect(response.status, await response.text()).toBe(201);
    envelopes.push(envelope);
  }
  return envelopes as { [Index in keyof Reports]: ReportEnvelope };
}

/** A valid report with a child in immediate danger, or not. */
export const reportWith = (danger: 'yes' | 'no' | 'unknown', childName = '李小明') =>
  validReportInput({ incident: { immediateDanger: danger }, child: { name: childName } });

export interface InboxWords {
  credential: string;
  keyFile: string;
  passphrase: string;
  open: string;
  lock: string;
  read: string;
  back: string;
  older: string;
  newer: string;
  setStatus: string;
  note: string;
  accepted: string;
  referred: string;
  civilAffairs: string;
  reload: string;
}

export function inboxWords(lang: 'zh' | 'en'): InboxWords {
  return lang === 'en'
    ? {
        credential: 'Officer credential',
        keyFile: "The agency's private key file",
        passphrase: 'Passphrase of the key file',
        open: 'Open the inbox',
        lock: 'Lock',
        read: 'Read the report',
        back: 'Back to the list',
        older: 'Older 50',
        newer: 'Newer 50',
        setStatus: 'Set the status',
        note: 'A short note to the reporter (optional)',
        accepted: 'Accepted',
        referred: 'Referred',
        civilAffairs: 'Civil affairs',
        reload: 'Reload this report',
      }
    : {
        credential: '办案人员凭证',
        keyFile: '机关私钥文件',
        passphrase: '私钥文件的密码',
        open: '打开收件箱',
        lock: '锁定',
        read: '查看报告',
        back: '返回列表',
        older: '更早的 50 份',
        newer: '较新的 50 份',
        setStatus: '设置状态',
        note: '给报告人的简短说明（选填）',
        accepted: '已受理',
        referred: '已移送',
        civilAffairs: '民政部门',
        reload: '重新加载这份报告',
      };
}

/** Fills in the opening form (any of the three left out when not given) and opens. */
export async function fillOpenForm(page: Page, lang: 'zh' | 'en', input: { credential?: string; keyFile?: string; passphrase?: string }): Promise<void> {
  const words = inboxWords(lang);
  if (input.credential !== undefined) await page.getByLabel(words.credential).fill(input.credential);
  if (input.keyFile !== undefined) await page.getByLabel(words.keyFile).setInputFiles(input.keyFile);
  if (input.passphrase !== undefined) await page.getByLabel(words.passphrase).fill(input.passphrase);
  await page.getByRole('button', { name: words.open }).click();
}

/** Opens the receiver's inbox with the tests' officer credential and agency key, and waits for the list. */
export async function openInbox(page: Page, receiver: E2EReceiver, lang: 'zh' | 'en' = 'zh'): Promise<void> {
  await page.goto(`${receiver.url}/inbox${lang === 'en' ? '?lang=en' : ''}`);
  await fillOpenForm(page, lang, { credential: OFFICER_TOKEN, keyFile: await agencyKeyFilePath(), passphrase: AGENCY_PASSPHRASE });
  await expect(page.locator('.list-count')).toBeVisible({ timeout: 20_000 });
}

/** The list's cards, in the order shown. */
export const cards = (page: Page) => page.locator('.inbox-list > li');

/** The card of a report, by its reference as the receiver stored it. */
export const cardOf = (page: Page, reference: string) => cards(page).filter({ has: page.getByRole('heading', { name: formatReference(reference) }) });

const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  expect(
    results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`),
    where,
  ).toEqual([]);
}
