// Sealed for the agency, end to end: a report filed with distinctive values
// leaves the tablet while it is locked, the receiver's database and log hold
// none of those values, and `npm run agency -- export` gives them back with
// the agency's key, and a clear error with another key or passphrase.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { writePrivateKeyFile } from '../agency/privateKeyFile';
import { TEST_AGENCY_PRIVATE_JWK } from '../src/contract/testing/agencyTestKey';
import { fileReport, type ReportDetails } from './reportForm';
import { expect, sendReportsTo, test } from './receiver';
import { visit } from './session';

const ROOT = path.resolve(import.meta.dirname, '..');
const AGENCY_PASSPHRASE = 'the agency keeps this apart';

/** Values found nowhere else: if any of them is in a file, the report was stored readable. */
const DISTINCTIVE: ReportDetails = {
  reporter: '欧阳策远',
  unit: '青山村小学',
  phone: '13912345678',
  child: '司马晓澄',
  whereNow: '村卫生室东侧小屋',
  discoveredAt: '2026-11-20T09:30',
  narrative: '课间发现孩子手臂多处淤青，暗号 ZQX-7731-淤青。',
};
const VALUES = [DISTINCTIVE.reporter, DISTINCTIVE.child, DISTINCTIVE.whereNow, 'ZQX-7731', DISTINCTIVE.phone];

/** `npm run agency -- …` as the agency runs it; its exit code, and what it printed. */
async function agency(args: string[], passphrase: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'agency/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, AGENCY_PASSPHRASE: passphrase },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, out: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/** Every file of the receiver's database (SQLite writes ahead to -wal), as UTF-8 and UTF-16. */
function databaseText(file: string): string {
  const folder = path.dirname(file);
  return readdirSync(folder)
    .filter((name) => name.startsWith(path.basename(file)))
    .map((name) => readFileSync(path.join(folder, name)))
    .flatMap((bytes) => [bytes.toString('utf8'), bytes.toString('utf16le')])
    .join('\n');
}

test('a report leaves the locked tablet sealed: the receiver keeps none of it readable, the agency opens it', async ({ page, receiver }) => {
  test.setTimeout(120_000);
  await sendReportsTo(page, receiver.endpoint);
  await receiver.stop();
  await visit(page, '/?lang=en');
  const reference = await fileReport(page, 'en', DISTINCTIVE);

  // Locked, with the receiver down: the lock screen says a report waits, and nothing else.
  await page.getByRole('button', { name: 'Lock' }).click();
  const locked = page.getByRole('heading', { name: 'The tablet is locked' });
  await expect(locked).toBeVisible();
  await expect(page.getByText('Reports waiting to be sent: 1.')).toBeVisible();
  for (const value of [...VALUES, reference]) await expect(page.locator('body')).not.toContainText(value);

  // The receiver comes back; nobody unlocks.
  await receiver.start();
  await expect.poll(async () => (await receiver.rows()).length, { timeout: 60_000 }).toBe(1);
  await expect(page.getByText('Reports waiting to be sent: 0.')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByText(/^The agency last received a report: /)).toBeVisible();
  await expect(locked).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);

  // The receiver stored what it cannot read, and logged none of it either.
  const stored = databaseText(receiver.databaseFile);
  expect(stored).toContain('sealedReport');
  for (const value of VALUES) expect(stored).not.toContain(value);
  expect(receiver.logs.length).toBeGreaterThan(0);
  for (const value of VALUES) expect(receiver.logs.join('\n')).not.toContain(value);

  // The agency opens it with its key.
  await receiver.stop(); // as an agency reads a copy of the database, not one being written
  const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-agency-'));
  const keyFile = path.join(folder, 'agency-private-key.jwe');
  writeFileSync(keyFile, await writePrivateKeyFile(TEST_AGENCY_PRIVATE_JWK, AGENCY_PASSPHRASE));
  const out = path.join(folder, 'export');
  const opened = await agency(['export', '--key', keyFile, '--db', receiver.databaseFile, '--out', out], AGENCY_PASSPHRASE);
  expect(opened.out).toContain('Exported 1 report from');
  expect(opened.code).toBe(0);
  const lines = readFileSync(path.join(out, 'reports.jsonl'), 'utf8').trim().split('\n');
  expect(lines).toHaveLength(1);
  const exported = JSON.parse(lines[0] ?? '') as { reference: string; valid: boolean; report: { child: { name: string }; incident: { narrative: string } } };
  expect(exported).toMatchObject({ reference: reference.replace(/-/g, ''), valid: true });
  expect(exported.report.child.name).toBe(DISTINCTIVE.child);
  expect(exported.report.incident.narrative).toBe(DISTINCTIVE.narrative);
  const csv = readFileSync(path.join(out, 'reports.csv'), 'utf8');
  expect(csv.startsWith('\uFEFF报告编号,')).toBe(true);
  for (const value of VALUES) expect(csv).toContain(value);

  // With the wrong passphrase, or another agency's key: a clear error, and nothing written.
  const wrongPassphrase = await agency(['export', '--key', keyFile, '--db', receiver.databaseFile, '--out', path.join(folder, 'nothing')], 'not the passphrase');
  expect(wrongPassphrase.code).toBe(2);
  expect(wrongPassphrase.out).toContain('Wrong passphrase');
  const otherKeys = path.join(folder, 'other-agency');
  const keygen = await agency(['keygen', '--out', otherKeys], AGENCY_PASSPHRASE);
  expect(keygen.code).toBe(0);
  expect(keygen.out).toContain('"agencyKeys"');
  const wrongKey = await agency(['export', '--key', path.join(otherKeys, 'agency-private-key.jwe'), '--db', receiver.databaseFile, '--out', path.join(folder, 'nothing')], AGENCY_PASSPHRASE);
  expect(wrongKey.code).toBe(2);
  expect(wrongKey.out).toContain('Wrong key: no stored report is sealed to');
  for (const value of VALUES) expect(wrongKey.out + wrongPassphrase.out).not.toContain(value);
  expect(readdirSync(folder).sort()).toEqual(['agency-private-key.jwe', 'export', 'other-agency']);
});
