// `npm run agency -- keygen` as an agency runs it: it writes the sealing key
// file, the receiver's signing key (PKCS#8, readable by its owner only) and
// the public keys, and a receiver started from those files signs
// acknowledgements that verify against the listed signing key.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { agencySigningKeysIn, verifyAcknowledgement } from '../src/contract/agencySignature';
import { agencyKeysIn } from '../src/contract/sealedReport';
import { sealedTestEnvelope } from '../src/contract/testing/sealedTestEnvelope';
import { configFromEnv } from '../server/config';
import { startReceiver } from '../server/receiver';
import { temporaryDatabase } from '../server/testing/databases';
import { postReport, storedReport, TEST_AGENCY_KEY_IDS } from '../server/testSupport';
import { generateAgencySigningKeyPair } from './keygen';

const MAIN = path.resolve(import.meta.dirname, 'main.ts');
const run = promisify(execFile);

const keygen = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', MAIN, 'keygen', ...args], { env: { ...process.env, AGENCY_PASSPHRASE: 'a long agency passphrase' } });

describe('keygen', () => {
  it('makes a signing key pair whose PKCS#8 file the receiver reads as the listed key', async () => {
    const { publicKey, privateKeyPem } = await generateAgencySigningKeyPair();
    expect(privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n?$/);
    expect(agencySigningKeysIn({ agencySigningKeys: [publicKey] })).toEqual([publicKey]);
    expect(publicKey).toMatchObject({ alg: 'ES256', use: 'sig' });
    expect((await generateAgencySigningKeyPair()).publicKey.kid).not.toBe(publicKey.kid);
  });

  it('writes the sealing and signing keys and the public list a receiver starts from, and says where each goes', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'shouhu-keygen-')), 'agency-keys');

    const { stdout } = await keygen('--out', out);

    const publicKeys = JSON.parse(readFileSync(path.join(out, 'agency-public-keys.json'), 'utf8')) as unknown;
    const [signingKey] = agencySigningKeysIn(publicKeys) ?? [];
    expect(agencyKeysIn(publicKeys)).toHaveLength(1);
    expect(signingKey).toBeDefined();
    const signingFile = path.join(out, 'agency-signing-key.pem');
    expect(statSync(signingFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(out, 'agency-private-key.jwe')).mode & 0o777).toBe(0o600);
    expect(readFileSync(signingFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(stdout).toContain(`"agencySigningKeys": [${JSON.stringify(signingKey)}]`);
    expect(stdout).toContain(`RECEIVER_SIGNING_KEY=${signingFile}`);
    expect(stdout).toContain('validUntil');

    const receiver = await startReceiver({
      ...configFromEnv({ RECEIVER_AGENCY_KEYS: path.join(out, 'agency-public-keys.json'), RECEIVER_SIGNING_KEY: signingFile, RECEIVER_AGENCY_NAME: '某县公安局' }, '/'),
      database: await temporaryDatabase('sqlite'),
      port: 0,
      // The report below is sealed to the test agency key: what this test checks is the signature.
      agencyKeyIds: TEST_AGENCY_KEY_IDS,
      log: () => {},
    });
    try {
      const answer = (await (await postReport(receiver, await sealedTestEnvelope(storedReport()))).json()) as { acknowledgement: string };
      expect(await verifyAcknowledgement(answer.acknowledgement, [signingKey as NonNullable<typeof signingKey>])).toMatchObject({
        ok: true,
        statement: { agency: '某县公安局' },
      });
    } finally {
      await receiver.close();
    }
  }, 30_000);

  it('--signing-only makes a new signing key for a rotation, and never replaces a key file', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'shouhu-keygen-')), 'signing-2027');

    await keygen('--out', out, '--signing-only');

    const publicKeys = JSON.parse(readFileSync(path.join(out, 'agency-public-keys.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(publicKeys)).toEqual(['agencySigningKeys']);
    expect(statSync(path.join(out, 'agency-signing-key.pem')).mode & 0o777).toBe(0o600);
    const before = readFileSync(path.join(out, 'agency-signing-key.pem'), 'utf8');
    await expect(keygen('--out', out, '--signing-only')).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/agency-signing-key\.pem exists already/) as unknown });
    expect(readFileSync(path.join(out, 'agency-signing-key.pem'), 'utf8')).toBe(before);
  }, 30_000);
});
