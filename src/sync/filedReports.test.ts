// Reading filed reports back (vault/filedReports.ts): only the owner's, the
// summary that tells them apart, and finding one by its code.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validReportInput } from '../contract/testing/testReports';
import { db } from '../storage/db';
import { createDraft } from '../vault/drafts';
import { findOwnByReference, openFiledReport, summaryOf } from '../vault/filedReports';
import { endSession } from '../vault/session';
import { unlockTestProfile } from '../vault/testing/testProfile';
import { enqueueReport } from './queue';

beforeEach(async () => {
  await unlockTestProfile();
});

afterEach(async () => {
  endSession();
  await Promise.all([db.drafts.clear(), db.outbox.clear(), db.profiles.clear(), db.settings.clear()]);
});

describe('filed reports', () => {
  it('opens the owner’s own report and finds it by its code; a colleague gets neither', async () => {
    const input = validReportInput({ child: { name: '李小明' } });
    const draft = await createDraft(input);
    const item = await enqueueReport(draft.id, input);
    expect((await openFiledReport(item.id))?.report?.child.name).toBe('李小明');
    expect((await findOwnByReference(item.reference))?.id).toBe(item.id);
    expect(await findOwnByReference('000000000')).toBeUndefined();

    endSession();
    await unlockTestProfile('Other', 'another passphrase');
    expect(await openFiledReport(item.id)).toBeUndefined();
    expect(await findOwnByReference(item.reference)).toBeUndefined();
  });

  it('sums a report up by the child and the circumstances', () => {
    expect(summaryOf({ child: { name: ' 小红 ', whereNow: '' }, incident: { circumstances: ['injury_abuse'] } } as never)).toEqual({
      child: '小红',
      circumstances: ['injury_abuse'],
    });
    const long = '约八岁的男孩，穿蓝色校服，左脸有一道疤，说话带四川口音，背着红色书包，在村口小卖部附近走来走去';
    const summary = summaryOf({ child: { name: '', description: long } } as never);
    expect(summary.child).toBe(`${long.slice(0, 40)}…`);
    expect(summaryOf(undefined)).toEqual({ circumstances: [] });
  });
});
