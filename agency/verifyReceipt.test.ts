// `npm run agency -- verify`: the verdict in words and its exit code, for a
// code given as it is, in a PNG and in a PDF; the keys found or named; usage errors.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { agencySignerFromPkcs8 } from '../server/agencySigner';
import { SIGNED_TYPES } from '../src/contract/agencySignature';
import { formatReference } from '../src/contract/referenceCode';
import { TEST_SIGNING_KEYS, TEST_SIGNING_PRIVATE_PKCS8 } from '../src/contract/testing/agencySigningTestKey';
import { editSignedPayload } from '../src/contract/testing/editedReceipt';
import { testAcknowledgement } from '../src/contract/testing/testAcknowledgement';
import { pdfOfQrCode, pngOfQrCode } from './testing/qrFiles';
import { UsageError } from './usageError';
import { verifyReceipt } from './verifyReceipt';

const acknowledgement = testAcknowledgement();
let jws = '';
let folder = '';

beforeAll(async () => {
  jws = await (await agencySignerFromPkcs8(TEST_SIGNING_PRIVATE_PKCS8)).sign(SIGNED_TYPES.acknowledgement, acknowledgement);
  folder = mkdtempSync(path.join(tmpdir(), 'shouhu-verify-'));
  writeFileSync(path.join(folder, 'config.json'), JSON.stringify({ endpoint: 'https://x.example/api/reports', agencySigningKeys: TEST_SIGNING_KEYS }));
});

const verify = (...argv: string[]) => verifyReceipt([...argv, '--keys', 'config.json'], { cwd: folder });
const text = (lines: string[]) => lines.join('\n');

describe('agency verify', () => {
  it('a signed code: valid, who received which report when, in Chinese and in English; exit 0', async () => {
    const { exitCode, lines } = await verify(jws);
    expect(exitCode).toBe(0);
    expect(lines[0]).toBe('有效：接收机关已收到');
    expect(text(lines)).toContain('Valid: received by the agency');
    for (const part of ['测试县公安局', formatReference(acknowledgement.reference), 'ABAB ABAB ABAB ABAB', 'R-20261130-0123456789', acknowledgement.id, '2026-11-30T08:00:00.000Z']) {
      expect(text(lines)).toContain(part);
    }
  });

  it('a code edited by hand: not valid, changed after signing; exit 1', async () => {
    for (const changes of [{ receivedAt: '2026-11-29T08:00:00.000Z' }, { reference: '5MF2X1S7C' }]) {
      const { exitCode, lines } = await verify(editSignedPayload(jws, changes));
      expect(exitCode).toBe(1);
      expect(text(lines)).toContain('Not valid');
      expect(text(lines)).toContain('changed after it was signed');
      expect(text(lines)).toContain('签名之后被改动过');
    }
  });

  it('a bare reference code: filed, not proven received; anything else: not a receipt code; exit 1', async () => {
    const reference = await verify(formatReference(acknowledgement.reference));
    expect(reference.exitCode).toBe(1);
    expect(text(reference.lines)).toContain('Filed on the device, not proven received');
    const garbage = await verify('hello');
    expect(garbage.exitCode).toBe(1);
    expect(text(garbage.lines)).toContain('This is not a Shouhu receipt code.');
  });

  it('reads the code from a PNG picture', async () => {
    writeFileSync(path.join(folder, 'receipt.png'), pngOfQrCode(jws));
    const { exitCode, lines } = await verify('receipt.png');
    expect(exitCode).toBe(0);
    expect(text(lines)).toContain(`code read from ${path.join(folder, 'receipt.png')}`);
    writeFileSync(path.join(folder, 'edited.png'), pngOfQrCode(editSignedPayload(jws, { receivedAt: '2026-11-29T08:00:00.000Z' })));
    expect((await verify('edited.png')).exitCode).toBe(1);
  });

  it('reads the code from a PDF that draws it as vector paths', async () => {
    writeFileSync(path.join(folder, 'receipt.pdf'), pdfOfQrCode(jws));
    const { exitCode, lines } = await verify('receipt.pdf');
    expect(text(lines)).toContain('Valid');
    expect(exitCode).toBe(0);
    writeFileSync(path.join(folder, 'reference.pdf'), pdfOfQrCode(formatReference(acknowledgement.reference)));
    expect(text((await verify('reference.pdf')).lines)).toContain('not proven received');
  });

  it('a picture or a PDF with no QR code in it: exit 1, saying so', async () => {
    const blank = new PNG({ width: 64, height: 64 });
    blank.data.fill(255);
    writeFileSync(path.join(folder, 'blank.png'), PNG.sync.write(blank));
    writeFileSync(path.join(folder, 'blank.pdf'), pdfOfQrCode(jws).toString('latin1').replace(/^\d+ \d+ \d+ 1 re$/gm, '').replace(/\/Length \d+/, '/Length 0'));
    for (const file of ['blank.png', 'blank.pdf']) {
      const { exitCode, lines } = await verify(file);
      expect(exitCode, file).toBe(1);
      expect(text(lines), file).toContain('No QR code was found');
    }
  });

  it('reads the code from standard input given "-"', async () => {
    const { exitCode } = await verifyReceipt(['-', '--keys', 'config.json'], { cwd: folder, stdin: Readable.from([`${jws.slice(0, 100)}\n`, `${jws.slice(100)}\n`]) });
    expect(exitCode).toBe(0);
  });

  it('takes the keys of dist/config.json, else of public/config.json, else asks for --keys', async () => {
    const project = mkdtempSync(path.join(tmpdir(), 'shouhu-verify-project-'));
    await expect(verifyReceipt([jws], { cwd: project })).rejects.toThrow(/--keys/);
    mkdirSync(path.join(project, 'public'));
    writeFileSync(path.join(project, 'public/config.json'), JSON.stringify({ endpoint: 'http://127.0.0.1:8787/api/reports' }));
    await expect(verifyReceipt([jws], { cwd: project })).rejects.toThrow(/public\/config.json lists no valid agencySigningKeys/);
    writeFileSync(path.join(project, 'public/config.json'), JSON.stringify({ agencySigningKeys: TEST_SIGNING_KEYS }));
    expect(text((await verifyReceipt([jws], { cwd: project })).lines)).toContain(`of ${path.join(project, 'public/config.json')}`);
    mkdirSync(path.join(project, 'dist'));
    writeFileSync(path.join(project, 'dist/config.json'), JSON.stringify({ agencySigningKeys: TEST_SIGNING_KEYS }));
    expect(text((await verifyReceipt([jws], { cwd: project })).lines)).toContain(`of ${path.join(project, 'dist/config.json')}`);
  });

  it('usage errors: no code, two codes, a file that is not there or is neither PNG nor PDF, a keys file without signing keys', async () => {
    writeFileSync(path.join(folder, 'notes.txt'), 'hello');
    writeFileSync(path.join(folder, 'broken.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    writeFileSync(path.join(folder, 'sealing-only.json'), JSON.stringify({ agencyKeys: [] }));
    const cases: [string[], RegExp][] = [
      [['--keys', 'config.json'], /Usage/],
      [[jws, jws, '--keys', 'config.json'], /Usage/],
      [['missing.pdf', '--keys', 'config.json'], /No such file/],
      [['notes.txt', '--keys', 'config.json'], /neither a PNG picture nor a PDF/],
      [['broken.png', '--keys', 'config.json'], /not a PNG picture/],
      [[jws, '--keys', 'sealing-only.json'], /lists no valid agencySigningKeys/],
      [[jws, '--keys', 'nowhere.json'], /Cannot read/],
      [[jws, '--key', 'config.json'], /Unknown option/],
    ];
    for (const [argv, message] of cases) {
      const refused = verifyReceipt(argv, { cwd: folder });
      await expect(refused, argv.join(' ')).rejects.toBeInstanceOf(UsageError);
      await expect(refused, argv.join(' ')).rejects.toThrow(message);
    }
  });

  it('as a command, exits 0 for valid, 1 for not valid, 2 for a usage error', async () => {
    const run = promisify(execFile);
    const [tsx, main] = [path.resolve('node_modules/.bin/tsx'), path.resolve('agency/main.ts')];
    const exitOf = (...argv: string[]) =>
      run(tsx, [main, 'verify', ...argv], { cwd: folder }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout + error.stderr }),
      );
    const [valid, invalid, usage] = await Promise.all([
      exitOf(jws, '--keys', 'config.json'),
      exitOf(editSignedPayload(jws, { receivedAt: '2026-11-29T08:00:00.000Z' }), '--keys', 'config.json'),
      exitOf('missing.png', '--keys', 'config.json'),
    ]);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toContain('有效：接收机关已收到');
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('Not valid');
    expect(usage.code).toBe(2);
    expect(usage.stdout).toContain('No such file');
  }, 60_000);
});
