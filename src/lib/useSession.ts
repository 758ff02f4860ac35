import { useSyncExternalStore } from 'react';
import { currentSession, subscribeSession, type UnlockedSession } from '../vault/session';

export function useSession(): UnlockedSession | undefined {
  return useSyncExternalStore(subscribeSession, currentSession);
}
