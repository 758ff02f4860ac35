import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { validReportInput } from '../report/testReports';
import { reportSchema } from '../report/schema';
import { declareVersions, openDatabase } from './db';

describe('database migrations', () => {
  it('version 2 keeps every draft, queued report and setting written by version 1', async () => {
    const name = `migration-${Math.random()}`;
    const v1 = new Dexie(name);
    declareVersions(v1, 1);
    const report = reportSchema.parse(validReportInput());
    await v1.table('drafts').bulkAdd([
      { id: 'd1', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', step: 2, values: { child: { name: '甲' } } },
      { id: 'd2', createdAt: '2026-01-02T00:00:00Z', updatedAt: '2026-01-02T00:00:00Z', step: 0, values: {} },
    ]);
    await v1.table('outbox').add({
      id: 'o1',
      reference: 'ABC',
      createdAt: '2026-01-01T00:00:00Z',
      submittedAt: '2026-01-01T00:10:00Z',
      status: 'queued',
      report,
    });
    await v1.table('settings').put({ key: 'unitProfile', value: { name: '王老师' } });
    v1.close();

    const v2 = openDatabase(name);
    const drafts = await v2.drafts.orderBy('id').toArray();
    expect(drafts.map((draft) => [draft.id, draft.step, draft.values])).toEqual([
      ['d1', 2, { child: { name: '甲' } }],
      ['d2', 0, {}],
    ]);
    const item = await v2.outbox.get('o1');
    expect(item).toMatchObject({ status: 'queued', attempts: 0, nextAttemptAt: 0, contentHash: '', report });
    expect(await v2.outbox.where('[status+nextAttemptAt]').between(['queued', 0], ['queued', Infinity]).count()).toBe(1);
    expect((await v2.settings.get('unitProfile'))?.value).toEqual({ name: '王老师' });
    expect(v2.verno).toBe(2);
    v2.close();
  });
});
