import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../contract/contentHash';
import { reportSchema } from '../contract/schema';
import { validReportInput } from '../contract/testing/testReports';
import { referenceFromId } from '../contract/referenceCode';
import { db } from '../storage/db';
import { lockAndClearTablet, unlockTestProfile } from '../vault/testing/testProfile';
import { endSession } from '../vault/session';
import { createDraft, listDrafts, openDraft, saveDraft } from '../vault/drafts';
import { enqueueReport, InvalidReportError, listOutboxPage } from './queue';
import type { OutboxItem, OutboxStatus } from '../storage/db';
import { requireSession } from '../vault/session';
import { openAsTestAgency } from '../contract/testing/agencyTestKey';

beforeEach(async () => {
  await unlockTestProfile();
});

afterEach(lockAndClearTablet);

const getDraft = async (id: string) => {
  const opened = await openDraft(id);
  return opened && { ...opened.draft, values: opened.values };
};

describe('drafts and the outbox', () => {
  it('a draft gets its id when it is created, and keeps what was typed', async () => {
    const draft = await createDraft({});
    expect(draft.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await saveDraft(draft.id, { child: { name: '小红' } as never }, 1);
    expect((await getDraft(draft.id))?.values.child?.name).toBe('小红');
    expect((await getDraft(draft.id))?.step).toBe(1);
  });

  it('filing moves the validated report into the outbox and removes the draft, in one step', async () => {
    const draft = await createDraft(validReportInput());
    const item = await enqueueReport(draft.id, validReportInput());
    expect(item).toMatchObject({ id: draft.id, status: 'queued', reference: referenceFromId(draft.id), attempts: 0 });
    expect(item.contentHash).toBe(await contentHash(reportSchema.parse(validReportInput())));
    expect(await getDraft(draft.id)).toBeUndefined();
    expect(await db.outbox.get(draft.id)).toMatchObject({ status: 'queued' });
  });

  it('filing seals the report for the agency, binding its id, reference, hash and times', async () => {
    const draft = await createDraft(validReportInput());
    const item = await enqueueReport(draft.id, validReportInput());
    const { report, header } = await openAsTestAgency(item.sealedForAgency ?? '');
    expect(report).toEqual(reportSchema.parse(validReportInput()));
    expect(header).toEqual(
      expect.objectContaining({
        alg: 'ECDH-ES+A256KW',
        enc: 'A256GCM',
        id: item.id,
        reference: item.reference,
        contentHash: item.contentHash,
        schemaVersion: 1,
        createdAt: item.createdAt,
        submittedAt: item.submittedAt,
      }),
    );
    expect(await db.outbox.get(draft.id)).toMatchObject({ sealedForAgency: item.sealedForAgency, nextAttemptAt: 0 });
  });

  it('an incomplete report is not filed and its draft stays', async () => {
    const draft = await createDraft({});
    await expect(enqueueReport(draft.id, validReportInput({ incident: { narrative: '' } }))).rejects.toBeInstanceOf(
      InvalidReportError,
    );
    expect(await getDraft(draft.id)).toBeDefined();
    expect(await db.outbox.count()).toBe(0);
  });

  it('a report submitted twice is filed once', async () => {
    const draft = await createDraft(validReportInput());
    const [first, second] = await Promise.all([
      enqueueReport(draft.id, validReportInput()),
      enqueueReport(draft.id, validReportInput()),
    ]);
    expect(second.submittedAt).toBe(first.submittedAt);
    expect(await db.outbox.count()).toBe(1);
  });

  it('a late autosave does not bring a filed report back as a draft', async () => {
    const draft = await createDraft(validReportInput());
    await enqueueReport(draft.id, validReportInput());
    await saveDraft(draft.id, validReportInput(), 4);
    expect(await listDrafts()).toEqual([]);
  });
});

describe('encryption at rest and profiles', () => {
  it('stores drafts and filed reports only as ciphertext', async () => {
    const draft = await createDraft(validReportInput({ child: { name: '张秘密' } }));
    await saveDraft(draft.id, validReportInput({ child: { name: '张秘密' } }), 2);
    const other = await createDraft({});
    await enqueueReport(other.id, validReportInput({ child: { name: '张秘密' } }));
    const raw = JSON.stringify([await db.drafts.toArray(), await db.outbox.toArray()], (_key, value) =>
      value instanceof Uint8Array ? new TextDecoder().decode(value) : value,
    );
    expect(raw).not.toContain('张秘密');
    expect(raw).not.toContain('青山村小学');
    expect((await getDraft(draft.id))?.values.child?.name).toBe('张秘密');
  });

  it('each profile sees only its own drafts and reports', async () => {
    const mine = await createDraft({});
    const filed = await createDraft({});
    await enqueueReport(filed.id, validReportInput());
    endSession();
    await unlockTestProfile('Other', 'another passphrase');
    expect(await listDrafts()).toEqual([]);
    expect((await listOutboxPage()).items).toEqual([]);
    expect(await openDraft(mine.id)).toBeUndefined();
    expect(await db.drafts.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('nothing can be read or written while locked', async () => {
    endSession();
    await expect(createDraft({})).rejects.toThrow('locked');
    await expect(listOutboxPage()).rejects.toThrow('locked');
  });
});

describe('the outbox, a page at a time', () => {
  const item = (index: number, profileId: string, status: OutboxStatus = 'acknowledged'): OutboxItem => ({
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    reference: 'ABCDEFGHJ',
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
    submittedAt: new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString(),
    status,
    profileId,
    contentHash: '',
    attempts: 0,
    nextAttemptAt: 0,
  });

  it('lists the newest first, up to the limit, and counts all of the profile\'s reports and those waiting', async () => {
    const { profileId } = requireSession();
    await db.outbox.bulkAdd([
      ...Array.from({ length: 120 }, (_, index) => item(index, profileId, index % 10 === 0 ? 'queued' : 'acknowledged')),
      // Another profile's, newer than all of ours: never listed or counted.
      ...Array.from({ length: 30 }, (_, index) => item(1000 + index, 'someone-else', 'queued')),
    ]);
    const first = await listOutboxPage(50);
    expect(first.items.map((entry) => entry.submittedAt)).toEqual(
      Array.from({ length: 50 }, (_, index) => new Date(Date.UTC(2026, 0, 1, 0, 119 - index)).toISOString()),
    );
    expect(first).toMatchObject({ total: 120, waiting: 12 });
    const all = await listOutboxPage(500);
    expect(all.items).toHaveLength(120);
    // Every one of the profile's reports, newest first, read the long way round.
    const everyOwn = await db.outbox.where('profileId').equals(profileId).toArray();
    expect(all.items).toEqual(everyOwn.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt)));
    // Only this profile's reports on the tablet: the same answer.
    await db.outbox.where('profileId').equals('someone-else').delete();
    expect(await listOutboxPage(50)).toEqual(first);
  });

  it('cannot be read while locked', async () => {
    endSession();
    await expect(listOutboxPage()).rejects.toThrow('locked');
  });
});

describe('the content hash', () => {
  it('is the same for the same report whatever the key order', async () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 'x' }] })).toBe('{"a":[1,{"c":"x","d":2}],"b":1}');
    const report = reportSchema.parse(validReportInput());
    const reordered = Object.fromEntries(Object.entries(report).reverse());
    expect(await contentHash(reordered)).toBe(await contentHash(report));
    expect(await contentHash(report)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes with any field', async () => {
    const report = reportSchema.parse(validReportInput());
    const changed = reportSchema.parse(validReportInput({ child: { whereNow: '学校医务室 ' } }));
    expect(await contentHash(changed)).not.toBe(await contentHash(report));
  });
});
