import { useSyncExternalStore } from 'react';
import { currentSession, subscribeSession, type UnlockedSession } from './session';

export function useSession(): UnlockedSession | undefined {
  return useSyncExternalStore(subscribeSession, currentSession);
}
