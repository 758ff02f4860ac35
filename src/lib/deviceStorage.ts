// The device's storage: whether the browser keeps the data for good (persistent
// storage), how much space is used and left, and the error a full disk gives.
// Plain TypeScript over navigator.storage, which tests replace.

export type Persistence = 'persisted' | 'notPersisted' | 'unsupported';

export interface StorageStatus {
  persistence: Persistence;
  /** Bytes, when the browser says. */
  usage?: number;
  quota?: number;
  free?: number;
}

/** The part of navigator.storage used here. */
export type StorageApi = Partial<Pick<StorageManager, 'persist' | 'persisted' | 'estimate'>>;

const browserStorage = (): StorageApi | undefined => (typeof navigator === 'undefined' ? undefined : navigator.storage);

/** Below either of these, the app warns that space runs low. */
export const LOW_SPACE_BYTES = 50 * 1024 * 1024;
export const LOW_SPACE_SHARE = 0.1;

export async function readPersistence(storage = browserStorage()): Promise<Persistence> {
  if (!storage?.persisted) return 'unsupported';
  try {
    return (await storage.persisted()) ? 'persisted' : 'notPersisted';
  } catch {
    return 'unsupported';
  }
}

/**
 * Asks the browser to keep the data until the user deletes it (it may clear
 * "best effort" storage when space runs low). Called when a report is filed:
 * from then on the tablet holds something that must not be lost. Chromium
 * answers without asking the user, from how the app is used (installed,
 * bookmarked); Firefox asks once.
 */
export async function keepStorage(storage = browserStorage()): Promise<Persistence> {
  const current = await readPersistence(storage);
  if (current !== 'notPersisted' || !storage?.persist) return current;
  try {
    return (await storage.persist()) ? 'persisted' : 'notPersisted';
  } catch {
    return 'notPersisted';
  }
}

export async function readStorageStatus(storage = browserStorage()): Promise<StorageStatus> {
  const persistence = await readPersistence(storage);
  if (!storage?.estimate) return { persistence };
  try {
    const { usage, quota } = await storage.estimate();
    if (typeof usage !== 'number' || typeof quota !== 'number') return { persistence };
    return { persistence, usage, quota, free: Math.max(0, quota - usage) };
  } catch {
    return { persistence };
  }
}

/** Less than 10 % or less than 50 MB left. Unknown is not low. */
export function isLowOnSpace(status: Pick<StorageStatus, 'free' | 'quota'>): boolean {
  if (status.free === undefined || !status.quota) return false;
  return status.free < LOW_SPACE_BYTES || status.free / status.quota < LOW_SPACE_SHARE;
}

/** A write failed because the disk or the origin's quota is full (as the browser or Dexie reports it). */
export function isQuotaExceeded(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { name, inner } = current as { name?: unknown; inner?: unknown };
    if (name === 'QuotaExceededError') return true;
    current = inner;
  }
  return false;
}
