import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateKeyPair, keyRing, openWith, sealerFor, sealFor, TamperedError } from './crypto';

afterEach(() => {
  vi.restoreAllMocks();
});

const unwrapCalls = () => vi.spyOn(globalThis.crypto.subtle, 'unwrapKey');

describe('sealing many values to one public key', () => {
  it('a sealer wraps its data key once; each value opens on its own, in its own context only', async () => {
    const { publicKey, privateKey } = await generateKeyPair();
    const sealer = sealerFor(publicKey);
    const first = await sealer.seal({ child: '李小明' }, 'outbox:r1');
    const second = await sealer.seal({ child: '王小红' }, 'outbox:r2');
    expect(first.wrappedKey).toEqual(second.wrappedKey);
    expect(first.iv).not.toEqual(second.iv);
    // The format of sealFor: whatever opens one opens the other.
    expect(await openWith(privateKey, first, 'outbox:r1')).toEqual({ child: '李小明' });
    expect(await openWith(privateKey, second, 'outbox:r2')).toEqual({ child: '王小红' });
    await expect(openWith(privateKey, first, 'outbox:r2')).rejects.toBeInstanceOf(TamperedError);
    // Another sealer has another data key.
    expect((await sealerFor(publicKey).seal({}, 'outbox:r3')).wrappedKey).not.toEqual(first.wrappedKey);
  });

  it('a key ring unwraps each data key once, however many values it opens', async () => {
    const { publicKey, privateKey } = await generateKeyPair();
    const morning = sealerFor(publicKey);
    const afternoon = sealerFor(publicKey);
    const sealed = await Promise.all(
      Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? morning : afternoon).seal({ index }, `outbox:r${index}`)),
    );
    const alone = await sealFor(publicKey, { index: 10 }, 'outbox:r10');
    const unwrap = unwrapCalls();
    const ring = keyRing(privateKey);
    const opened = await Promise.all(sealed.map((value, index) => ring.open<{ index: number }>(value, `outbox:r${index}`)));
    expect(opened.map((value) => value.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await ring.open(alone, 'outbox:r10')).toEqual({ index: 10 });
    expect(unwrap).toHaveBeenCalledTimes(3);
    // A value moved to another record does not open, even with its key at hand.
    await expect(ring.open(sealed[0]!, 'outbox:r2')).rejects.toBeInstanceOf(TamperedError);
  });

  it('a key ring keeps no key that failed to unwrap, and only the most recently used', async () => {
    const { publicKey, privateKey } = await generateKeyPair();
    const one = await sealerFor(publicKey).seal('one', 'c1');
    const two = await sealerFor(publicKey).seal('two', 'c2');
    const broken = { ...one, wrappedKey: one.wrappedKey.slice() };
    broken.wrappedKey[5] = (broken.wrappedKey[5] as number) ^ 1;
    const unwrap = unwrapCalls();
    const ring = keyRing(privateKey, 1);
    await expect(ring.open(broken, 'c1')).rejects.toBeInstanceOf(TamperedError);
    await expect(ring.open(broken, 'c1')).rejects.toBeInstanceOf(TamperedError);
    expect(unwrap).toHaveBeenCalledTimes(2);
    expect(await ring.open(one, 'c1')).toBe('one');
    expect(await ring.open(one, 'c1')).toBe('one');
    expect(unwrap).toHaveBeenCalledTimes(3);
    // Room for one key: opening "two" drops "one".
    expect(await ring.open(two, 'c2')).toBe('two');
    expect(await ring.open(one, 'c1')).toBe('one');
    expect(unwrap).toHaveBeenCalledTimes(5);
  });
});
