// The progress the UI shows ("12 of 40 sent"): an immutable snapshot that is
// replaced, never mutated, so that React's useSyncExternalStore can compare it.
import type { PauseReason } from './sendingPause';

export interface SyncState {
  /** A pass is sending now. */
  readonly syncing: boolean;
  /** Reports due in the current (or last) pass. */
  readonly total: number;
  /** Of those, how many the receiver acknowledged. */
  readonly sent: number;
  /** Nothing is sent until the settings change or resume() is called. */
  readonly paused: boolean;
  /** Why (see PauseReason). */
  readonly pauseReason?: PauseReason;
  readonly lastSuccessAt?: number;
  readonly lastFailureAt?: number;
}

export type SyncStateListener = () => void;

export interface SyncStateStore {
  getState(): SyncState;
  subscribe(listener: SyncStateListener): () => void;
  update(change: (state: SyncState) => Partial<SyncState>): void;
}

export const INITIAL_SYNC_STATE: SyncState = Object.freeze({ syncing: false, total: 0, sent: 0, paused: false });

export function createSyncStateStore(): SyncStateStore {
  let state = INITIAL_SYNC_STATE;
  const listeners = new Set<SyncStateListener>();
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(change) {
      const patch = change(state);
      const keys = Object.keys(patch) as (keyof SyncState)[];
      if (keys.every((key) => patch[key] === state[key])) return; // same snapshot, no render
      const next: Record<string, unknown> = { ...state, ...patch };
      for (const key of keys) if (next[key] === undefined) delete next[key];
      state = Object.freeze(next as unknown as SyncState);
      for (const listener of listeners) listener();
    },
  };
}
