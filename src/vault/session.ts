// The unlocked profile's keys, held in memory only. Locking drops them and
// tells every screen, which then unmounts what it showed.
import { createObservable } from '../lib/observable';
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

const session = createObservable<UnlockedSession | undefined>(undefined);

export const currentSession = session.get;

export const subscribeSession = session.subscribe;

export function requireSession(): UnlockedSession {
  const current = session.get();
  if (!current) throw new LockedError();
  return current;
}

export function beginSession(unlocked: UnlockedSession): void {
  session.set(unlocked);
}

export function updateSessionDetails(details: ProfileDetails): void {
  const current = session.get();
  if (current) session.set({ ...current, details });
}

/** Locks: the keys and the decrypted details are dropped (CryptoKeys are freed when unreferenced). */
export function endSession(): void {
  session.set(undefined);
}
