// Drafts: every report starts as one, with its id, and is saved as it is typed,
// sealed with the profile's data key. A profile sees only its own drafts.
import { newId } from '../lib/ids';
import type { ReportInput } from '../contract/schema';
import { openDraftValues, sealDraftValues } from './content';
import { requireSession } from './session';
import { db, type Draft } from '../storage/db';

export interface OpenedDraft {
  draft: Draft;
  values: Partial<ReportInput>;
}

export async function createDraft(values: Partial<ReportInput>): Promise<Draft> {
  const session = requireSession();
  const now = new Date().toISOString();
  const id = newId();
  const draft: Draft = {
    id,
    profileId: session.profileId,
    createdAt: now,
    updatedAt: now,
    step: 0,
    sealedValues: await sealDraftValues(session, id, values),
  };
  await db.drafts.add(draft);
  return draft;
}

export async function saveDraft(id: string, values: Partial<ReportInput>, step: number): Promise<void> {
  const session = requireSession();
  // Seal first: no crypto may run inside an IndexedDB transaction.
  const sealedValues = await sealDraftValues(session, id, values);
  await db.transaction('rw', db.drafts, db.outbox, async () => {
    const now = new Date().toISOString();
    const updated = await db.drafts.update(id, { sealedValues, values: undefined, step, updatedAt: now });
    // Deleted in another tab meanwhile: keep what was typed rather than drop it.
    // Filed meanwhile: it lives in the outbox now and must not come back as a draft.
    if (updated === 0 && !(await db.outbox.get(id))) {
      await db.drafts.put({ id, profileId: session.profileId, createdAt: now, updatedAt: now, step, sealedValues });
    }
  });
}

/** The draft and its values, if it belongs to the unlocked profile. */
export async function openDraft(id: string): Promise<OpenedDraft | undefined> {
  const session = requireSession();
  const draft = await db.drafts.get(id);
  if (!draft || draft.profileId !== session.profileId) return undefined;
  return { draft, values: await openDraftValues(session, draft) };
}

/** The unlocked profile's drafts, newest first (no content is opened). */
export async function listDrafts(): Promise<Draft[]> {
  const { profileId } = requireSession();
  const drafts = await db.drafts.where('profileId').equals(profileId).toArray();
  return drafts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export function countDrafts(): Promise<number> {
  return db.drafts.where('profileId').equals(requireSession().profileId).count();
}

export async function deleteDraft(id: string): Promise<void> {
  const { profileId } = requireSession();
  await db.drafts.where({ id, profileId }).delete();
}
