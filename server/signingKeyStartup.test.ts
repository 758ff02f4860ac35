// A receiver whose signing key the deployment does not publish would answer
// every report with an acknowledgement that tablets refuse: it does not start.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { AgencySigningKey } from '../src/contract/agencySignature';
import { TEST_AGENCY_NAME, TEST_SIGNING_PUBLIC_KEY } from '../src/contract/testing/agencySigningTestKey';
import { TEST_AGENCY_KEYS } from '../src/contract/testing/agencyTestKey';
import { startReceiverProcess } from './testing/receiverProcess';
import { startTestReceiver } from './testSupport';

async function anotherSigningKey(): Promise<AgencySigningKey> {
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const { x, y } = (await exportJWK(publicKey)) as { x: string; y: string };
  return { kty: 'EC', crv: 'P-256', x, y, kid: await calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x, y }), alg: 'ES256', use: 'sig' };
}

const NOW = Date.parse('2026-12-01T00:00:00Z');

describe('a receiver whose signing key is not published', () => {
  it('refuses to start when its key is not among the deployment\'s signing keys', async () => {
    await expect(startTestReceiver({ agencySigningKeys: [await anotherSigningKey()] })).rejects.toThrow(
      `The signing key (key id ${TEST_SIGNING_PUBLIC_KEY.kid}) is not listed under "agencySigningKeys"`,
    );
  });

  it('refuses a listed key id whose public key is another', async () => {
    const other = await anotherSigningKey();
    await expect(startTestReceiver({ agencySigningKeys: [{ ...other, kid: TEST_SIGNING_PUBLIC_KEY.kid }] })).rejects.toThrow(/is not listed/);
  });

  it('refuses a key listed as retired, and starts with one that retires later', async () => {
    const retiring = (validUntil: string) => ({ now: () => NOW, agencySigningKeys: [{ ...TEST_SIGNING_PUBLIC_KEY, validUntil }] });

    await expect(startTestReceiver(retiring('2026-11-30T23:59:59Z'))).rejects.toThrow(/was retired on 2026-11-30T23:59:59Z/);
    const receiver = await startTestReceiver(retiring('2026-12-31T00:00:00Z'));
    expect((await fetch(receiver.endpoint)).status).toBe(200);
  });

  it('says so when started as an operator starts it, and exits', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'shouhu-unpublished-'));
    const config = path.join(folder, 'config.json');
    writeFileSync(config, JSON.stringify({ agencyName: TEST_AGENCY_NAME, agencyKeys: TEST_AGENCY_KEYS, agencySigningKeys: [await anotherSigningKey()] }));

    const started = startReceiverProcess({ RECEIVER_AGENCY_KEYS: config, RECEIVER_DB: path.join(folder, 'reports.sqlite') });
    // Should it start after all, it is stopped with the test.
    onTestFinished(async () => (await started.catch(() => undefined))?.stop());

    await expect(started).rejects.toThrow(
      /The receiver could not start: The signing key \(key id [\w-]+\) is not listed under "agencySigningKeys" in the agency keys file \(RECEIVER_AGENCY_KEYS\): tablets would refuse every acknowledgement/,
    );
  }, 30_000);
});
