import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { validReportInput } from '../contract/testing/testReports';
import { reportSchema } from '../contract/schema';
import { declareVersions, openDatabase } from '../storage/db';

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

    const v2 = new Dexie(name) as ReturnType<typeof openDatabase>;
    declareVersions(v2, 2);
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

    // And on to the current version, which only adds indexes and a table.
    const current = openDatabase(name);
    expect(await current.drafts.count()).toBe(2);
    expect((await current.outbox.get('o1'))?.report).toEqual(report);
    expect(await current.profiles.count()).toBe(0);
    expect(current.verno).toBe(5);
    current.close();
  });

  it('version 4 indexes what retention may erase and what each profile has unacknowledged, keeping every report', async () => {
    const name = `migration-${Math.random()}`;
    const v3 = new Dexie(name);
    declareVersions(v3, 3);
    const base = { reference: 'R', createdAt: '2026-01-01T00:00:00Z', submittedAt: '2026-01-01T00:10:00Z', contentHash: 'sha256:x', attempts: 1, nextAttemptAt: 0 };
    await v3.table('outbox').bulkAdd([
      { ...base, id: 'kept', profileId: 'p1', status: 'acknowledged', acknowledgedAt: '2026-01-02T00:00:00.000Z' },
      { ...base, id: 'received-only', profileId: 'p1', status: 'acknowledged', receivedAt: '2026-01-03T00:00:00.000Z' },
      { ...base, id: 'erased', profileId: 'p1', status: 'acknowledged', acknowledgedAt: '2026-01-02T00:00:00.000Z', contentErasedAt: '2026-01-09T00:00:00.000Z' },
      { ...base, id: 'queued', profileId: 'p1', status: 'queued' },
      { ...base, id: 'colleague', profileId: 'p2', status: 'rejected' },
    ]);
    v3.close();

    const v4 = new Dexie(name) as ReturnType<typeof openDatabase>;
    declareVersions(v4, 4);
    expect(v4.verno).toBe(4);
    expect(await v4.outbox.count()).toBe(5);
    expect(await v4.outbox.orderBy('contentKeptSince').primaryKeys()).toEqual(['kept', 'received-only']);
    expect((await v4.outbox.get('kept'))?.contentKeptSince).toBe(Date.UTC(2026, 0, 2));
    expect((await v4.outbox.get('received-only'))?.contentKeptSince).toBe(Date.UTC(2026, 0, 3));
    const { countUnacknowledged, countUnacknowledgedOnTablet } = await import('../storage/counts');
    expect(await countUnacknowledged(v4, 'p1')).toBe(1);
    expect(await countUnacknowledged(v4, 'p2')).toBe(1);
    expect(await countUnacknowledgedOnTablet(v4)).toBe(2);
    v4.close();
  });

  it('version 5: every acknowledged report awaits a first reply and was never asked about its status; the others are left as they were', async () => {
    const name = `migration-${Math.random()}`;
    const v4 = new Dexie(name);
    declareVersions(v4, 4);
    const base = { reference: 'R', createdAt: '2026-01-01T00:00:00Z', submittedAt: '2026-01-01T00:10:00+08:00', contentHash: 'sha256:x', attempts: 1, nextAttemptAt: 0 };
    await v4.table('outbox').bulkAdd([
      { ...base, id: 'acked', profileId: 'p1', status: 'acknowledged', acknowledgedAt: '2026-01-02T00:00:00.000Z', contentKeptSince: Date.UTC(2026, 0, 2) },
      { ...base, id: 'received-only', profileId: 'p1', status: 'acknowledged', receivedAt: '2026-01-03T08:00:00+08:00' },
      { ...base, id: 'erased', profileId: 'p2', status: 'acknowledged', acknowledgedAt: '2026-01-02T00:00:00.000Z', contentErasedAt: '2026-01-09T00:00:00.000Z' },
      { ...base, id: 'queued', profileId: 'p1', status: 'queued' },
    ]);
    v4.close();

    const v5 = openDatabase(name);
    expect(v5.verno).toBe(5);
    expect(await v5.outbox.count()).toBe(4);
    expect(await v5.outbox.get('acked')).toMatchObject({ awaiting: 'reply', statusCheckedAt: 0, acknowledgedAt: '2026-01-02T00:00:00.000Z', contentKeptSince: Date.UTC(2026, 0, 2) });
    // The timers' index orders by time: the time is written in UTC, as the tablet writes it.
    expect(await v5.outbox.get('received-only')).toMatchObject({ awaiting: 'reply', statusCheckedAt: 0, acknowledgedAt: '2026-01-03T00:00:00.000Z' });
    expect(await v5.outbox.get('erased')).toMatchObject({ awaiting: 'reply', contentErasedAt: '2026-01-09T00:00:00.000Z' });
    const queued = await v5.outbox.get('queued');
    expect(queued?.awaiting).toBeUndefined();
    expect(queued?.statusCheckedAt).toBeUndefined();
    expect(await v5.outbox.where('[awaiting+statusCheckedAt]').equals(['reply', 0]).primaryKeys()).toEqual(['acked', 'erased', 'received-only']);
    const { countMarks } = await import('./statusTimers');
    expect(await countMarks(v5, 'p1', Date.UTC(2026, 0, 10))).toEqual({ noReply: 2, noResult: 0 });
    v5.close();
  });

  it('what versions 1-2 stored in clear is taken over and sealed by the first profile, nothing dropped', async () => {
    const { db } = await import('../storage/db');
    const { unlockTestProfile } = await import('../vault/testing/testProfile');
    const { openDraft } = await import('../vault/drafts');
    const { listOutboxPage } = await import('./queue');
    const { openOwnReport } = await import('../vault/content');
    const { requireSession, endSession } = await import('../vault/session');
    const report = reportSchema.parse(validReportInput({ child: { name: '旧数据' } }));
    await db.drafts.add({ id: 'legacy-draft', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', step: 3, values: { child: { name: '旧草稿' } as never } });
    await db.outbox.add({
      id: '3f2a9c1e-7b4d-4e8a-9c2b-1d5e6f7a8b9c',
      reference: 'X',
      createdAt: '2026-01-01T00:00:00Z',
      submittedAt: '2026-01-01T00:10:00Z',
      status: 'queued',
      report,
      contentHash: '',
      attempts: 0,
      nextAttemptAt: 0,
    });
    await unlockTestProfile();
    const raw = JSON.stringify([await db.drafts.toArray(), await db.outbox.toArray()]);
    expect(raw).not.toContain('旧数据');
    expect(raw).not.toContain('旧草稿');
    expect((await openDraft('legacy-draft'))?.values.child?.name).toBe('旧草稿');
    expect((await openDraft('legacy-draft'))?.draft.step).toBe(3);
    const [item] = (await listOutboxPage()).items;
    expect(item?.status).toBe('queued');
    expect((await openOwnReport(requireSession(), item!))?.child.name).toBe('旧数据');
    endSession();
    await Promise.all([db.drafts.clear(), db.outbox.clear(), db.profiles.clear(), db.settings.clear()]);
  });
});
