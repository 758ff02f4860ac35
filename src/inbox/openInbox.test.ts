// Opening the inbox: which of the officer's three inputs is wrong, said apart,
// and the first page opened with the key once all three are right.
import { exportJWK, generateKeyPair } from 'jose';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writePrivateKeyFile } from '../contract/privateKeyFile';
import { TEST_AGENCY_PRIVATE_JWK } from '../contract/testing/agencyTestKey';
import { openInbox } from './openInbox';
import { sealedInboxEntry } from './testing/inboxEntries';

const PASSPHRASE = 'the agency passphrase';
let keyFile: Blob;
let otherKeyFile: Blob;

function receiverAnswers(status: number, body?: unknown) {
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), { status })));
}

beforeAll(async () => {
  keyFile = new Blob([await writePrivateKeyFile(TEST_AGENCY_PRIVATE_JWK, PASSPHRASE)]);
  const other = await generateKeyPair('ECDH-ES+A256KW', { crv: 'P-256', extractable: true });
  otherKeyFile = new Blob([await writePrivateKeyFile({ ...(await exportJWK(other.privateKey)), kid: 'another-agency-key' }, PASSPHRASE)]);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('opening the inbox', () => {
  it('opens the key, lists the first page and opens its reports', async () => {
    const entry = await sealedInboxEntry();
    receiverAnswers(200, { reports: [entry], total: 1 });
    const steps: string[] = [];
    const outcome = await openInbox({ credential: ' officer ', keyFile, passphrase: PASSPHRASE }, () => steps.push('key opened'));
    expect(steps).toEqual(['key opened']);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.session.credential).toBe('officer');
    expect(outcome.session.keys[0]?.key.extractable).toBe(false);
    expect(outcome.firstPage.entries[0]).toMatchObject({ opened: true, entry: { id: entry.id } });
  });

  it('says the passphrase is wrong, before asking the receiver anything', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    expect(await openInbox({ credential: 'officer', keyFile, passphrase: 'not the passphrase' })).toEqual({ ok: false, failure: { kind: 'wrong_passphrase' } });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('says a file is not a key file', async () => {
    expect(await openInbox({ credential: 'officer', keyFile: new Blob(['{"agencyKeys": []}']), passphrase: PASSPHRASE })).toEqual({
      ok: false,
      failure: { kind: 'not_a_key_file' },
    });
    expect(await openInbox({ credential: 'officer', keyFile: new Blob([new Uint8Array(100_000)]), passphrase: PASSPHRASE })).toEqual({
      ok: false,
      failure: { kind: 'not_a_key_file' },
    });
  });

  it('says the key opens none of the reports, sealed to another key', async () => {
    receiverAnswers(200, { reports: [await sealedInboxEntry(), await sealedInboxEntry()], total: 2 });
    expect(await openInbox({ credential: 'officer', keyFile: otherKeyFile, passphrase: PASSPHRASE })).toEqual({
      ok: false,
      failure: { kind: 'other_key', kid: TEST_AGENCY_PRIVATE_JWK.kid },
    });
  });

  it('says the receiver does not accept the credential, or does not answer', async () => {
    receiverAnswers(401, { error: 'unauthorized', message: 'A valid bearer token is required.' });
    expect(await openInbox({ credential: 'tablet token', keyFile, passphrase: PASSPHRASE })).toEqual({ ok: false, failure: { kind: 'unauthorized', status: 401 } });
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    expect(await openInbox({ credential: 'officer', keyFile, passphrase: PASSPHRASE })).toEqual({ ok: false, failure: { kind: 'unreachable' } });
  });
});
