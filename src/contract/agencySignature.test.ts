import { calculateJwkThumbprint, CompactSign, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agencySignerFromPkcs8 } from '../../server/agencySigner';
import {
  agencySigningKeysIn,
  SIGNED_TYPES,
  verifyAcknowledgement,
  type AgencySigningKey,
  type SignedAcknowledgement,
} from './agencySignature';
import { referenceFromId } from './referenceCode';
import { testAcknowledgement } from './testing/testAcknowledgement';
import { TEST_SIGNING_KEYS, TEST_SIGNING_PRIVATE_PKCS8, TEST_SIGNING_PUBLIC_KEY } from './testing/agencySigningTestKey';

/** The test vector of docs/sync-protocol.md, "Signed acknowledgements". */
const ACKNOWLEDGEMENT_VECTOR = {
  jws:
    'eyJhbGciOiJFUzI1NiIsImtpZCI6IjFZY0hDMUdqajlhX1JmMzFxdUVoWVUyQmpEMHJ3WTd4cFRCSEVQZC0zM0UiLCJ0eXAiOiJzaG91aHUtYWNrIn0.' +
    'eyJpZCI6IjBiM2Y2YTUyLThjMWQtNGU3YS05ZjIwLTVkNmM3YjhhOWUwMSIsInJlZmVyZW5jZSI6IjFDWlBNTU1DSiIsImNvbnRlbnRIYXNoIjoic2hhMjU2OjlmODZkMDgxODg0YzdkNjU5YTJmZWFhMGM1NWFkMDE1YTNiZjRmMWIyYjBiODIyY2QxNWQ2YzE1YjBmMDBhMDgiLCJyZWNlaXB0SWQiOiJSLTIwMjYxMTMwLThGM0syTTdYUTQiLCJyZWNlaXZlZEF0IjoiMjAyNi0xMS0zMFQwNjoxNTo0Mi41MTJaIiwiYWdlbmN5Ijoi5rWL6K-V5Y6_5YWs5a6J5bGAIn0.' +
    'WeyChQO9qdGMV3q3Vmdw0SKaTvfuJ47vDPJ6pB9vZgpq7Lw66b3Ej4o6Ho38fsCRi_GklsdKw-oENT9n_lG9Pw',
  statement: {
    id: '0b3f6a52-8c1d-4e7a-9f20-5d6c7b8a9e01',
    reference: '1CZPMMMCJ',
    contentHash: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    receiptId: 'R-20261130-8F3K2M7XQ4',
    receivedAt: '2026-11-30T06:15:42.512Z',
    agency: '测试县公安局',
  } satisfies SignedAcknowledgement,
};

const acknowledgement = testAcknowledgement();

const signer = () => agencySignerFromPkcs8(TEST_SIGNING_PRIVATE_PKCS8);

const base64url = (text: string) => Buffer.from(text).toString('base64url');

/** Another P-256 key that claims the test key's id. */
async function impostorSigning(payload: object, kid = TEST_SIGNING_PUBLIC_KEY.kid, typ: string = SIGNED_TYPES.acknowledgement): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', kid, typ }).sign(privateKey);
}

describe('signed acknowledgements', () => {
  it('the test vector verifies against the test key, and says what docs/sync-protocol.md says', async () => {
    const verified = await verifyAcknowledgement(ACKNOWLEDGEMENT_VECTOR.jws, TEST_SIGNING_KEYS);
    expect(verified).toEqual({ ok: true, statement: ACKNOWLEDGEMENT_VECTOR.statement, kid: TEST_SIGNING_PUBLIC_KEY.kid });
    expect(ACKNOWLEDGEMENT_VECTOR.statement.reference).toBe(referenceFromId(ACKNOWLEDGEMENT_VECTOR.statement.id));
  });

  it('docs/sync-protocol.md gives the same test vector, key and statement, so the two cannot drift', () => {
    const docs = readFileSync(new URL('../../docs/sync-protocol.md', import.meta.url), 'utf8');
    const section = docs.slice(docs.indexOf('## Signed acknowledgements'));
    expect(section).toContain(`\n${ACKNOWLEDGEMENT_VECTOR.jws}\n`);
    expect(section).toContain(JSON.stringify(TEST_SIGNING_PUBLIC_KEY));
    expect(section).toContain(JSON.stringify(ACKNOWLEDGEMENT_VECTOR.statement));
  });

  it('round trip: what the receiver signs, the tablet verifies, member for member', async () => {
    const jws = await (await signer()).sign(SIGNED_TYPES.acknowledgement, acknowledgement);
    expect(await verifyAcknowledgement(jws, TEST_SIGNING_KEYS)).toEqual({ ok: true, statement: acknowledgement, kid: TEST_SIGNING_PUBLIC_KEY.kid });
  });

  it('the signer names its key by the RFC 7638 thumbprint of its public half', async () => {
    const { kid, publicKey } = await signer();
    expect(kid).toBe(TEST_SIGNING_PUBLIC_KEY.kid);
    expect(publicKey).toEqual(TEST_SIGNING_PUBLIC_KEY);
  });

  for (const [member, value] of [
    ['receivedAt', '2026-11-29T08:00:00.000Z'],
    ['reference', 'XXXXXXXXX'],
    ['contentHash', `sha256:${'cd'.repeat(32)}`],
    ['agency', '别的机构'],
    ['receiptId', 'R-20261130-AAAAAAAAAA'],
  ] as const) {
    it(`a receipt whose ${member} was changed after signing fails`, async () => {
      const [header, , signature] = (await (await signer()).sign(SIGNED_TYPES.acknowledgement, acknowledgement)).split('.');
      const edited = `${header}.${base64url(JSON.stringify({ ...acknowledgement, [member]: value }))}.${signature}`;
      expect(await verifyAcknowledgement(edited, TEST_SIGNING_KEYS)).toEqual({ ok: false, problem: 'bad_signature' });
    });
  }

  it('a signature by another key under the pinned key id fails', async () => {
    expect(await verifyAcknowledgement(await impostorSigning(acknowledgement), TEST_SIGNING_KEYS)).toEqual({ ok: false, problem: 'bad_signature' });
  });

  it('a key id the deployment does not pin fails, even when the signature is good for that key', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    const other = await agencySignerFromPkcs8(await exportPKCS8(privateKey));
    expect(other.kid).toBe(kid);
    const jws = await other.sign(SIGNED_TYPES.acknowledgement, acknowledgement);
    expect(await verifyAcknowledgement(jws, TEST_SIGNING_KEYS)).toEqual({ ok: false, problem: 'unknown_key' });
    expect((await verifyAcknowledgement(jws, [...TEST_SIGNING_KEYS, other.publicKey])).ok).toBe(true);
  });

  it('a key past its validUntil does not vouch for a later time, but still for an earlier one', async () => {
    const jws = await (await signer()).sign(SIGNED_TYPES.acknowledgement, acknowledgement);
    const retired = (validUntil: string): AgencySigningKey[] => [{ ...TEST_SIGNING_PUBLIC_KEY, validUntil }];
    expect(await verifyAcknowledgement(jws, retired('2026-11-30T07:59:59.999Z'))).toEqual({ ok: false, problem: 'expired_key' });
    expect((await verifyAcknowledgement(jws, retired('2026-11-30T08:00:00.000Z'))).ok).toBe(true);
  });

  it('a status signature is not an acknowledgement, nor is an unsigned or "none" one', async () => {
    const status = await (await signer()).sign(SIGNED_TYPES.status, acknowledgement);
    expect(await verifyAcknowledgement(status, TEST_SIGNING_KEYS)).toEqual({ ok: false, problem: 'unsupported' });
    const none = `${base64url(JSON.stringify({ alg: 'none', kid: TEST_SIGNING_PUBLIC_KEY.kid, typ: 'shouhu-ack' }))}.${base64url(JSON.stringify(acknowledgement))}.`;
    expect(await verifyAcknowledgement(none, TEST_SIGNING_KEYS)).toEqual({ ok: false, problem: 'malformed' });
    const hs256 = `${base64url(JSON.stringify({ alg: 'HS256', kid: TEST_SIGNING_PUBLIC_KEY.kid, typ: 'shouhu-ack' }))}.${base64url(JSON.stringify(acknowledgement))}.AAAA`;
    expect(await verifyAcknowledgement(hs256, TEST_SIGNING_KEYS)).toEqual({ ok: false, problem: 'unsupported' });
  });

  it('a well-signed statement that is not an acknowledgement fails as content', async () => {
    const jws = await (await signer()).sign(SIGNED_TYPES.acknowledgement, { ...acknowledgement, id: 'not-an-id' });
    expect(await verifyAcknowledgement(jws, TEST_SIGNING_KEYS)).toEqual({ ok: false, problem: 'invalid_content' });
  });

  it('whatever is typed or scanned is "malformed", never an exception', async () => {
    for (const input of ['', '   ', '7KDM2Q9XF', 'a.b', 'a.b.c.d', '!!.??.**', 'x'.repeat(10_000), `${'a'.repeat(20)}.${'b'.repeat(20)}.${'c'.repeat(20)}`]) {
      const verified = await verifyAcknowledgement(input, TEST_SIGNING_KEYS);
      expect(verified.ok).toBe(false);
    }
    expect(await verifyAcknowledgement(undefined as unknown as string, TEST_SIGNING_KEYS)).toEqual({ ok: false, problem: 'malformed' });
  });
});

describe('agencySigningKeysIn', () => {
  it('takes a list of public signing keys, and refuses a half-valid list whole', () => {
    expect(agencySigningKeysIn({ agencySigningKeys: TEST_SIGNING_KEYS })).toEqual(TEST_SIGNING_KEYS);
    expect(agencySigningKeysIn({ agencySigningKeys: [TEST_SIGNING_PUBLIC_KEY, { kty: 'EC' }] })).toBeUndefined();
    expect(agencySigningKeysIn({ agencySigningKeys: [TEST_SIGNING_PUBLIC_KEY, TEST_SIGNING_PUBLIC_KEY] })).toBeUndefined();
    expect(agencySigningKeysIn({ agencySigningKeys: [] })).toBeUndefined();
    expect(agencySigningKeysIn({})).toBeUndefined();
  });

  it('never takes a private key, a sealing key or a bad validUntil', () => {
    expect(agencySigningKeysIn({ agencySigningKeys: [{ ...TEST_SIGNING_PUBLIC_KEY, d: 'x' }] })).toBeUndefined();
    expect(agencySigningKeysIn({ agencySigningKeys: [{ ...TEST_SIGNING_PUBLIC_KEY, use: 'enc' }] })).toBeUndefined();
    expect(agencySigningKeysIn({ agencySigningKeys: [{ ...TEST_SIGNING_PUBLIC_KEY, alg: 'ECDH-ES+A256KW' }] })).toBeUndefined();
    expect(agencySigningKeysIn({ agencySigningKeys: [{ ...TEST_SIGNING_PUBLIC_KEY, validUntil: 'soon' }] })).toBeUndefined();
  });
});
