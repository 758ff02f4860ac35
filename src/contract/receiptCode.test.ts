// What checking a receipt's code finds: each kind of code, each reason a signed one is refused.
import { CompactSign, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { agencySignerFromPkcs8 } from '../../server/agencySigner';
import { SIGNED_TYPES } from './agencySignature';
import { checkReceiptCode } from './receiptCode';
import { formatReference, referenceFromId } from './referenceCode';
import { editSignedPayload } from './testing/editedReceipt';
import { testAcknowledgement } from './testing/testAcknowledgement';
import { TEST_SIGNING_KEYS, TEST_SIGNING_PRIVATE_PKCS8, TEST_SIGNING_PUBLIC_KEY } from './testing/agencySigningTestKey';

const acknowledgement = testAcknowledgement();
const { id } = acknowledgement;

const signed = async (payload: object = acknowledgement, type: (typeof SIGNED_TYPES)[keyof typeof SIGNED_TYPES] = SIGNED_TYPES.acknowledgement) =>
  (await agencySignerFromPkcs8(TEST_SIGNING_PRIVATE_PKCS8)).sign(type, payload);

describe('checking a receipt code', () => {
  it('a signed acknowledgement is valid, and says who received what, and when', async () => {
    expect(await checkReceiptCode(await signed(), TEST_SIGNING_KEYS)).toEqual({
      kind: 'valid',
      acknowledgement,
      kid: TEST_SIGNING_PUBLIC_KEY.kid,
    });
  });

  it('reads a code copied across lines, with spaces around it', async () => {
    const jws = await signed();
    const wrapped = `  ${jws.match(/.{1,60}/g)?.join('\n')}\n`;
    expect((await checkReceiptCode(wrapped, TEST_SIGNING_KEYS)).kind).toBe('valid');
  });

  it('a receipt whose time or reference was edited by hand is not valid: changed after signing', async () => {
    const jws = await signed();
    for (const changes of [{ receivedAt: '2026-11-29T08:00:00.000Z' }, { reference: referenceFromId('00000000-0000-4000-8000-000000000000') }]) {
      expect(await checkReceiptCode(editSignedPayload(jws, changes), TEST_SIGNING_KEYS)).toEqual({ kind: 'invalid', problem: 'bad_signature' });
    }
  });

  it('names each reason a signed code is refused', async () => {
    const jws = await signed();
    const { privateKey } = await generateKeyPair('ES256');
    const otherKey = await new CompactSign(new TextEncoder().encode(JSON.stringify(acknowledgement)))
      .setProtectedHeader({ alg: 'ES256', kid: 'another-agency-key', typ: SIGNED_TYPES.acknowledgement })
      .sign(privateKey);
    const cases: [string, Promise<unknown>][] = [
      // A header that is not JSON ("not-json"), the rest as signed.
      ['malformed', checkReceiptCode(`bm90LWpzb24.${jws.split('.').slice(1).join('.')}`, TEST_SIGNING_KEYS)],
      ['unsupported', checkReceiptCode(await signed(acknowledgement, SIGNED_TYPES.status), TEST_SIGNING_KEYS)],
      ['unknown_key', checkReceiptCode(otherKey, TEST_SIGNING_KEYS)],
      ['bad_signature', checkReceiptCode(editSignedPayload(jws, { agency: '别的机构' }), TEST_SIGNING_KEYS)],
      ['expired_key', checkReceiptCode(jws, [{ ...TEST_SIGNING_PUBLIC_KEY, validUntil: '2026-11-01T00:00:00.000Z' }])],
      ['invalid_content', checkReceiptCode(await signed({ hello: 'world' }), TEST_SIGNING_KEYS)],
    ];
    for (const [problem, verdict] of cases) expect(await verdict, problem).toEqual({ kind: 'invalid', problem });
  });

  it('a bare reference code, as a receipt printed before acknowledgement holds, proves only the filing', async () => {
    const reference = referenceFromId(id);
    expect(await checkReceiptCode(formatReference(reference), TEST_SIGNING_KEYS)).toEqual({ kind: 'filed_only', reference });
    // As a person types it: lower case, spaces, look-alike letters.
    expect(await checkReceiptCode(` ${formatReference(reference).toLowerCase().replace(/-/g, ' ')} `, [])).toEqual({ kind: 'filed_only', reference });
  });

  it('a signed code with no pinned key to check it against says so', async () => {
    expect(await checkReceiptCode(await signed(), [])).toEqual({ kind: 'no_keys' });
  });

  it('a reference code with a typing mistake says so', async () => {
    const reference = formatReference(referenceFromId(id));
    const wrongCheckCharacter = reference.slice(0, -1) + (reference.endsWith('0') ? '1' : '0');
    expect(await checkReceiptCode(wrongCheckCharacter, TEST_SIGNING_KEYS)).toEqual({ kind: 'mistyped_reference' });
  });

  it('anything else is not a receipt code', async () => {
    for (const text of ['', '   ', 'hello', 'https://example.org/receipt', '7KD-M2Q-9X', 'a.b', '{"receiptId":"R-1"}', 'x'.repeat(100_000)]) {
      expect(await checkReceiptCode(text, TEST_SIGNING_KEYS), text.slice(0, 20)).toEqual({ kind: 'not_a_receipt' });
    }
  });
});
