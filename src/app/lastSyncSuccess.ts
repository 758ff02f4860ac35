// The time a report last reached the receiver, for the header, kept live.
import { useLiveQuery } from 'dexie-react-hooks';
import { readSyncSuccess } from '../sync/lastSyncSuccess';

export function useLastSyncSuccess(): number | undefined {
  return useLiveQuery(() => readSyncSuccess(), []);
}
