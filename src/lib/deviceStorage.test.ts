import { describe, expect, it } from 'vitest';
import { isLowOnSpace, isQuotaExceeded, keepStorage, LOW_SPACE_BYTES, readStorageStatus, type StorageApi } from './deviceStorage';

const MB = 1024 * 1024;

function fakeStorage({ persisted = false, grant = false, usage = 10 * MB, quota = 10_000 * MB } = {}) {
  let kept = persisted;
  let asked = 0;
  const storage: StorageApi = {
    persisted: async () => kept,
    persist: async () => {
      asked += 1;
      kept = kept || grant;
      return kept;
    },
    estimate: async () => ({ usage, quota }),
  };
  return { storage, asked: () => asked };
}

describe('storage', () => {
  it('asks to keep the data only while it is not kept, and reports the answer', async () => {
    const granted = fakeStorage({ grant: true });
    expect(await keepStorage(granted.storage)).toBe('persisted');
    expect(await keepStorage(granted.storage)).toBe('persisted');
    expect(granted.asked()).toBe(1);

    const refused = fakeStorage({ grant: false });
    expect(await keepStorage(refused.storage)).toBe('notPersisted');

    expect(await keepStorage({})).toBe('unsupported');
    expect(await keepStorage(undefined)).toBe('unsupported');
    const throwing: StorageApi = { persisted: async () => false, persist: () => Promise.reject(new Error('denied')) };
    expect(await keepStorage(throwing)).toBe('notPersisted');
  });

  it('reads how much is used and left', async () => {
    expect(await readStorageStatus(fakeStorage({ persisted: true, usage: 3 * MB, quota: 100 * MB }).storage)).toEqual({
      persistence: 'persisted',
      usage: 3 * MB,
      quota: 100 * MB,
      free: 97 * MB,
    });
    expect(await readStorageStatus({ persisted: async () => false })).toEqual({ persistence: 'notPersisted' });
  });

  it('calls space low below 10 % or below 50 MB left, and unknown space not low', () => {
    expect(isLowOnSpace({ quota: 10_000 * MB, free: 2_000 * MB })).toBe(false);
    expect(isLowOnSpace({ quota: 10_000 * MB, free: 900 * MB })).toBe(true); // under 10 %
    expect(isLowOnSpace({ quota: 200 * MB, free: LOW_SPACE_BYTES - 1 })).toBe(true); // under 50 MB
    expect(isLowOnSpace({ quota: 200 * MB, free: 100 * MB })).toBe(false);
    expect(isLowOnSpace({})).toBe(false);
  });

  it('recognises a full disk as the browser and Dexie report it', () => {
    expect(isQuotaExceeded(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    // Dexie: a transaction aborted by a failed write carries the cause as `inner`.
    expect(isQuotaExceeded({ name: 'AbortError', inner: { name: 'QuotaExceededError' } })).toBe(true);
    expect(isQuotaExceeded(new Error('other'))).toBe(false);
    expect(isQuotaExceeded(undefined)).toBe(false);
    expect(isQuotaExceeded('QuotaExceededError')).toBe(false);
  });
});
