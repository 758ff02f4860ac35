// The app's one sync engine. The app starts it with the settings it reads;
// screens ask it to sync now or resume, and read its progress.
import { db } from '../storage/db';
import { pinnedAgencySigningKeys } from '../vault/agencyKeys';
import type { SyncConfig } from './transport';
import { createSyncEngine, type SyncEngine } from './syncEngine';
import { INITIAL_SYNC_STATE, type SyncState } from './syncState';

let engine: SyncEngine | undefined;
const waiting = new Set<() => void>();

export function startSync(getConfig: () => Promise<SyncConfig | null>): SyncEngine {
  if (engine) return engine;
  // Reports are sealed for the agency at filing: they are sent as they are, on the lock screen too.
  engine = createSyncEngine({ db, getConfig, getSigningKeys: pinnedAgencySigningKeys });
  engine.start();
  // The browser's word is a hint only: the engine's own requests decide.
  window.addEventListener('online', () => void engine?.onOnline());
  for (const listener of waiting) engine.subscribe(listener);
  for (const listener of waiting) listener();
  waiting.clear();
  return engine;
}

/** After filing or correcting a report: try to send it now. */
export function requestSync(): void {
  void engine?.syncNow();
}

/**
 * After the settings change, or from "Sync now": lift a pause and send,
 * including the reports waiting out a backoff after network failures (the
 * user is asking for an attempt now; a receiver's Retry-After still holds).
 */
export async function resumeSync(): Promise<void> {
  await engine?.resume();
}

export function getSyncState(): SyncState {
  return engine?.getState() ?? INITIAL_SYNC_STATE;
}

export function subscribeSyncState(listener: () => void): () => void {
  if (engine) return engine.subscribe(listener);
  // The engine starts after the first screen: subscribe it when it does.
  waiting.add(listener);
  return () => waiting.delete(listener);
}
