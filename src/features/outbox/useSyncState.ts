import { useSyncExternalStore } from 'react';
import type { SyncState } from '../../sync/syncState';
import { getSyncState, subscribeSyncState } from '../../sync/syncService';

export function useSyncState(): SyncState {
  return useSyncExternalStore(subscribeSyncState, getSyncState);
}
