// The unlocked profile's keys, held in memory only. Locking drops them and
// tells every screen, which then unmounts what it showed.
import type { ProfileSession } from './keys';

export interface ProfileDetails {
  name: string;
  unitName: string;
  unitType: string;
  position: string;
  phone: string;
}

export interface UnlockedSession extends ProfileSession {
  lockLabel: string;
  details: ProfileDetails;
}

export class LockedError extends Error {
  constructor() {
    super('The tablet is locked');
    this.name = 'LockedError';
  }
}

let current: UnlockedSession | undefined;
const listeners = new Set<() => void>();

const notify = () => {
  for (const listener of listeners) listener();
};

export function currentSession(): UnlockedSession | undefined {
  return current;
}

export function requireSession(): UnlockedSession {
  if (!current) throw new LockedError();
  return current;
}

export function beginSession(session: UnlockedSession): void {
  current = session;
  notify();
}

export function updateSessionDetails(details: ProfileDetails): void {
  if (!current) return;
  current = { ...current, details };
  notify();
}

/** Locks: the keys and the decrypted details are dropped (CryptoKeys are freed when unreferenced). */
export function endSession(): void {
  if (!current) return;
  current = undefined;
  notify();
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
