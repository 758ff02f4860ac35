// Opens a draft by id and shows the form at the step in the address.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { navigate, paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { openDraft, type OpenedDraft } from '../../vault/drafts';
import { getOwnItem } from '../../sync/queue';
import { ReportForm } from './ReportForm';
import { clampStep } from './steps';

export function ReportScreen({ id, step, changing }: { id: string; step: number; changing?: string | undefined }) {
  const { t } = useI18n();
  // Read the draft once: the form owns the values from then on (a live query would fight the user's typing).
  const [draft, setDraft] = useState<OpenedDraft | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    void openDraft(id).then((found) => {
      if (!cancelled) setDraft(found ?? null);
    });
    return () => {
      cancelled = true;
    };
  }, [id]);
  const filed = useLiveQuery(() => getOwnItem(id), [id]);

  useEffect(() => {
    // Back from the confirmation lands here: a filed report is not a draft any more.
    if (draft === null && filed) navigate(paths.filed(id), { replace: true });
  }, [draft, filed, id]);

  if (draft === undefined) return <p>{t('common.loading')}</p>;
  if (draft === null) return filed ? null : <p role="alert">{t('form.notFound')}</p>;
  return (
    <ReportForm
      key={draft.draft.id}
      draft={draft.draft}
      values={draft.values}
      step={clampStep(step)}
      changing={changing}
    />
  );
}
