import { navigate, paths } from '../app/router';
import { createDraft } from '../outbox/drafts';
import { loadUnitProfile } from '../settings/unitProfile';
import { newReportValues } from './defaults';

/** Creates a draft, with its id, prefilled from the unit profile, and opens its first step. */
export async function startReport(): Promise<void> {
  const draft = await createDraft(newReportValues(await loadUnitProfile()));
  navigate(paths.report(draft.id, 0));
}
