import { describe, expect, it, vi } from 'vitest';
import { importPublicKey, open, openWith, seal, sealFor, TamperedError } from './crypto';
import {
  changePassphraseKeys,
  createOutboxKeyPair,
  createProfileKeys,
  grantOutboxKey,
  unlockProfileKeys,
  WrongPassphraseError,
} from './keys';

// The tests about the hierarchy run with the few rounds of src/test-setup.ts; the last one loads the real number.
describe('the vault keys', () => {
  it('seal and open round-trip a value, bound to its context', async () => {
    const { session } = await createProfileKeys('p1', 'correct horse');
    const value = { child: { name: '李小明' }, narrative: '淤青', n: 3, list: [1, 'a'] };
    const sealed = await seal(session.dataKey, value, 'draft:d1');
    expect(new TextDecoder().decode(sealed.data)).not.toContain('李小明');
    expect(await open(session.dataKey, sealed, 'draft:d1')).toEqual(value);
    // The same ciphertext moved to another record does not open.
    await expect(open(session.dataKey, sealed, 'draft:d2')).rejects.toBeInstanceOf(TamperedError);
  });

  it('detect tampered ciphertext instead of showing it', async () => {
    const { session } = await createProfileKeys('p1', 'correct horse');
    const sealed = await seal(session.dataKey, { text: 'hello' }, 'x');
    const flipped = { ...sealed, data: sealed.data.slice() };
    flipped.data[3] = (flipped.data[3] as number) ^ 1;
    await expect(open(session.dataKey, flipped, 'x')).rejects.toBeInstanceOf(TamperedError);
    const otherIv = { ...sealed, iv: sealed.iv.slice() };
    otherIv.iv[0] = (otherIv.iv[0] as number) ^ 1;
    await expect(open(session.dataKey, otherIv, 'x')).rejects.toBeInstanceOf(TamperedError);
  });

  it('unlock with the right passphrase; a wrong one fails cleanly', async () => {
    const { keys, session } = await createProfileKeys('p1', 'correct horse');
    const sealed = await seal(session.dataKey, 'secret', 'ctx');
    const again = await unlockProfileKeys('p1', keys, 'correct horse');
    expect(await open(again.dataKey, sealed, 'ctx')).toBe('secret');
    await expect(unlockProfileKeys('p1', keys, 'correct horsf')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(unlockProfileKeys('p1', keys, '')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('a passphrase change keeps every record readable, and the old passphrase stops working', async () => {
    const { keys, session } = await createProfileKeys('p1', 'old one');
    const records = await Promise.all(['a', 'b', 'c'].map((text) => seal(session.dataKey, { text }, `r:${text}`)));
    const changed = await changePassphraseKeys('p1', keys, 'old one', 'new one');
    const unlocked = await unlockProfileKeys('p1', changed, 'new one');
    for (const [index, text] of ['a', 'b', 'c'].entries()) {
      expect(await open(unlocked.dataKey, records[index]!, `r:${text}`)).toEqual({ text });
    }
    await expect(unlockProfileKeys('p1', changed, 'old one')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(changePassphraseKeys('p1', keys, 'wrong', 'x')).rejects.toBeInstanceOf(WrongPassphraseError);
  });

  it('any profile granted the outbox key can open what was sealed for sending, by anyone', async () => {
    const outbox = await createOutboxKeyPair();
    const first = await createProfileKeys('p1', 'one', outbox.privateKey);
    // The second profile is created while nobody holds the outbox key, and is granted it later.
    const second = await createProfileKeys('p2', 'two');
    expect(second.keys.outboxGrant).toBeUndefined();
    const queued = await sealFor(await importPublicKey(outbox.publicKey), { report: 'from p2' }, 'outbox:r1');

    const firstAgain = await unlockProfileKeys('p1', first.keys, 'one');
    expect(await openWith(firstAgain.outboxPrivateKey!, queued, 'outbox:r1')).toEqual({ report: 'from p2' });

    const grant = await grantOutboxKey('p2', second.keys.publicKey, firstAgain.outboxPrivateKey!);
    const secondAgain = await unlockProfileKeys('p2', { ...second.keys, outboxGrant: grant }, 'two');
    expect(await openWith(secondAgain.outboxPrivateKey!, queued, 'outbox:r1')).toEqual({ report: 'from p2' });
    // A grant made for one profile does not open for another.
    await expect(unlockProfileKeys('p1', { ...first.keys, outboxGrant: grant }, 'one')).rejects.toBeInstanceOf(TamperedError);
  });

  it('derive keys with at least 600,000 PBKDF2 rounds by default', async () => {
    vi.doUnmock('./crypto');
    vi.resetModules();
    const { PBKDF2_ITERATIONS } = await import('./crypto');
    const { createProfileKeys } = await import('./keys');
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(600_000);
    const { keys } = await createProfileKeys('p1', 'pass');
    expect(keys.kdf.iterations).toBe(PBKDF2_ITERATIONS);
  });
});
