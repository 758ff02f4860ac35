// Moving unsent reports to another device: the encrypted file opens there with
// its passphrase, and a bad file is told what is wrong with it, not "storage full".
import { readFile } from 'node:fs/promises';
import { fileReport, sampleDetails } from './reportForm';
import { expect, sendReportsTo, test } from './receiver';
import { visit } from './session';

test('an export opens on another device with its passphrase; bad files are each told what is wrong', async ({ page, browser, receiver, baseURL, forbidBuiltEndpoint }) => {
  // A tablet that cannot reach the receiver: the report stays unsent.
  await sendReportsTo(page, receiver.endpoint);
  await receiver.stop();
  await visit(page, '/?lang=en');
  await fileReport(page, 'en', sampleDetails('moved'));
  await visit(page, '/settings?lang=en');
  await page.getByLabel('File passphrase', { exact: true }).fill('moving day passphrase');
  await page.getByLabel('File passphrase again').fill('moving day passphrase');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export unsent reports' }).click();
  const exported = await readFile((await (await downloading).path()) ?? '', 'utf8');
  await expect(page.getByText('1 reports exported.')).toBeVisible();

  const other = await browser.newContext(baseURL ? { baseURL } : {});
  forbidBuiltEndpoint(other);
  const device = await other.newPage();
  await visit(device, '/settings?lang=en');
  const status = device.getByRole('region', { name: 'Move unsent reports' }).getByRole('status').last();
  const importFile = (name: string, text: string) =>
    device.getByLabel('Import reports').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

  await importFile('shouhu-unsent.json', exported);
  await expect(status).toHaveText('Type the passphrase of the file first, then choose the file again.');
  const passphrase = device.getByLabel('Passphrase of the file');
  await passphrase.fill('moving day passphrase');

  const json = JSON.parse(exported) as { kdf: { iterations: number } };
  await importFile('frozen.json', JSON.stringify({ ...json, kdf: { ...json.kdf, iterations: 2e9 } }));
  await expect(status).toContainText('The encryption settings in this file are missing or not valid');
  await importFile('no-kdf.json', JSON.stringify({ ...json, kdf: undefined }));
  await expect(status).toContainText('The encryption settings in this file are missing or not valid');
  await importFile('plain.json', JSON.stringify({ format: 'shouhu-export', version: 1, exportedAt: new Date().toISOString(), reports: [] }));
  await expect(status).toContainText('This file is not encrypted, so it was not imported.');
  await importFile('notes.json', 'not json at all');
  await expect(status).toContainText('This file cannot be read: it is not a Shouhu export.');
  await passphrase.fill('another passphrase');
  await importFile('shouhu-unsent.json', exported);
  await expect(status).toContainText('The passphrase is not right', { timeout: 20_000 });

  await passphrase.fill('moving day passphrase');
  await importFile('shouhu-unsent.json', exported);
  await expect(status).toHaveText('1 reports imported; 0 already on this tablet were skipped.', { timeout: 20_000 });
  await other.close();
});
