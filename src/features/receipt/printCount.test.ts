import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../../storage/db';
import { printCountKey, readPrintRecord, recordPrint } from './printCount';

const ID = '3f0c2a9e-7b1d-4c5e-9f00-1234567890ab';

afterEach(async () => {
  await db.settings.clear();
});

describe('the receipt print count', () => {
  it('starts at zero and counts each print with its time', async () => {
    expect(await readPrintRecord(ID)).toEqual({ count: 0 });
    await recordPrint(ID, new Date('2026-01-02T03:00:00Z'));
    expect(await recordPrint(ID, new Date('2026-01-03T04:00:00Z'))).toEqual({
      count: 2,
      lastPrintedAt: '2026-01-03T04:00:00.000Z',
    });
    expect((await db.settings.get(printCountKey(ID)))?.value).toEqual({ count: 2, lastPrintedAt: '2026-01-03T04:00:00.000Z' });
  });

  it('counts prints made at the same moment, and keeps reports apart', async () => {
    const other = '00000000-0000-4000-8000-000000000000';
    await Promise.all([1, 2, 3, 4, 5].map(() => recordPrint(ID, new Date())));
    await recordPrint(other, new Date());
    expect((await readPrintRecord(ID)).count).toBe(5);
    expect((await readPrintRecord(other)).count).toBe(1);
  });

  it('reads a damaged record as never printed', async () => {
    await db.settings.put({ key: printCountKey(ID), value: { count: 'many' } });
    expect(await readPrintRecord(ID)).toEqual({ count: 0 });
  });
});
