// Drafts: every report starts as one, with its id, and is saved as it is typed.
import type { ReportInput } from '../report/schema';
import { newId } from '../lib/ids';
import { db, type Draft } from './db';

export async function createDraft(values: Partial<ReportInput>): Promise<Draft> {
  const now = new Date().toISOString();
  const draft: Draft = { id: newId(), createdAt: now, updatedAt: now, step: 0, values };
  await db.drafts.add(draft);
  return draft;
}

export function saveDraft(id: string, values: Partial<ReportInput>, step: number): Promise<void> {
  return db.transaction('rw', db.drafts, db.outbox, async () => {
    const now = new Date().toISOString();
    const updated = await db.drafts.update(id, { values, step, updatedAt: now });
    // Deleted in another tab meanwhile: keep what was typed rather than drop it.
    // Filed meanwhile: it lives in the outbox now and must not come back as a draft.
    if (updated === 0 && !(await db.outbox.get(id))) {
      await db.drafts.put({ id, createdAt: now, updatedAt: now, step, values });
    }
  });
}

export function getDraft(id: string): Promise<Draft | undefined> {
  return db.drafts.get(id);
}

/** Newest first. */
export function listDrafts(): Promise<Draft[]> {
  return db.drafts.orderBy('updatedAt').reverse().toArray();
}

export function deleteDraft(id: string): Promise<void> {
  return db.drafts.delete(id);
}
