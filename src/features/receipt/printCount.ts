// How often a report's receipt has been printed, so that a copy says it is a
// reprint. Kept in the settings table under the report's id: it is metadata
// about the receipt, never report content.
import { db as defaultDb, type ShouhuDatabase } from '../../storage/db';

export interface PrintRecord {
  count: number;
  lastPrintedAt?: string;
}

export const printCountKey = (id: string): string => `receiptPrints:${id}`;

function asRecord(value: unknown): PrintRecord {
  if (typeof value !== 'object' || value === null) return { count: 0 };
  const { count, lastPrintedAt } = value as Record<string, unknown>;
  return {
    count: typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : 0,
    ...(typeof lastPrintedAt === 'string' ? { lastPrintedAt } : {}),
  };
}

export async function readPrintRecord(id: string, db: ShouhuDatabase = defaultDb): Promise<PrintRecord> {
  return asRecord((await db.settings.get(printCountKey(id)))?.value);
}

/** Counts one more print; read and write in one transaction, so two tabs printing at once both count. */
export async function recordPrint(id: string, at: Date, db: ShouhuDatabase = defaultDb): Promise<PrintRecord> {
  return db.transaction('rw', db.settings, async () => {
    const current = await readPrintRecord(id, db);
    const next: PrintRecord = { count: current.count + 1, lastPrintedAt: at.toISOString() };
    await db.settings.put({ key: printCountKey(id), value: next });
    return next;
  });
}
