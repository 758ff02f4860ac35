// Erase this tablet: every profile, draft, report, receipt and setting.
import { Dexie } from 'dexie';
import { countUnacknowledgedOnTablet } from '../storage/counts';
import { db, DATABASE_NAME } from '../storage/db';
import { endSession } from './session';

/** Reports not yet received by the agency, on the whole tablet: what erasing loses. */
export function countUnsentOnTablet(): Promise<number> {
  return countUnacknowledgedOnTablet(db);
}

export async function eraseTablet(): Promise<void> {
  endSession();
  db.close();
  await Dexie.delete(DATABASE_NAME);
  try {
    localStorage.clear();
  } catch {
    // Storage disabled: nothing kept there.
  }
}
