// A key of the tablet's own, for the one secret the sync engine must read
// while the tablet is locked: the endpoint token. An AES-GCM key that
// WebCrypto will not export, kept in IndexedDB (browsers store CryptoKeys
// there as they are): the token is never in clear in the database, though
// whoever has the browser's files has the key too (docs/privacy.md). Report
// content is never sealed with it.
import { db } from '../storage/db';
import type { Sealed } from '../storage/sealed';
import { generateAesKey, open, seal } from './crypto';

const DEVICE_KEY = 'deviceKey';

async function deviceKey(): Promise<CryptoKey> {
  const stored = (await db.settings.get(DEVICE_KEY))?.value;
  if (stored instanceof CryptoKey) return stored;
  const fresh = await generateAesKey(false);
  // Two tabs may make one each: the first stored is the one both use.
  return db.transaction('rw', db.settings, async () => {
    const raced = (await db.settings.get(DEVICE_KEY))?.value;
    if (raced instanceof CryptoKey) return raced;
    await db.settings.put({ key: DEVICE_KEY, value: fresh });
    return fresh;
  });
}

export async function sealWithDeviceKey(value: unknown, context: string): Promise<Sealed> {
  return seal(await deviceKey(), value, context);
}

/** Throws TamperedError when the value was altered or sealed under another context. */
export async function openWithDeviceKey<T>(sealed: Sealed, context: string): Promise<T> {
  return open<T>(await deviceKey(), sealed, context);
}
