import { useSyncExternalStore } from 'react';
import type { SyncState } from './syncState';
import { getSyncState, subscribeSyncState } from './syncService';

export function useSyncState(): SyncState {
  return useSyncExternalStore(subscribeSyncState, getSyncState);
}
