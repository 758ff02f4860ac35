import { navigate, paths } from '../../lib/router';
import { createDraft } from '../../vault/drafts';
import { requireSession } from '../../vault/session';
import { newReportValues } from './defaults';

/** Creates a draft, with its id, prefilled from the unlocked profile's details, and opens its first step. */
export async function startReport(): Promise<void> {
  const draft = await createDraft(newReportValues(requireSession().details));
  navigate(paths.report(draft.id, 0));
}
