// The key hierarchy of a profile: a data key wrapped with the passphrase, and nothing else.
import { describe, expect, it, vi } from 'vitest';
import { open, seal, TamperedError } from './crypto';
import { changePassphraseKeys, createProfileKeys, unlockProfileKeys, WrongPassphraseError } from './keys';

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

  it('give a new profile its passphrase-wrapped data key only: no key pair, no grant of a tablet key', async () => {
    const { keys, session } = await createProfileKeys('p1', 'one');
    expect(Object.keys(keys).sort()).toEqual(['kdf', 'wrappedDataKey']);
    expect(Object.keys(await unlockProfileKeys('p1', keys, 'one')).sort()).toEqual(['dataKey', 'profileId']);
    expect(session.outboxPrivateKey).toBeUndefined();
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
