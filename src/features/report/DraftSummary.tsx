// Under a draft's code: the child and the circumstances so far, so that drafts
// are told apart. Opened from the sealed draft (the list is behind the lock
// and shows only the open profile's drafts).
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { openDraft } from '../../vault/drafts';
import { summaryOf, type ReportSummary } from '../../vault/filedReports';

export function DraftSummary({ id, updatedAt }: { id: string; updatedAt: string }) {
  const { t } = useI18n();
  const [summary, setSummary] = useState<ReportSummary | undefined>();
  useEffect(() => {
    let cancelled = false;
    void openDraft(id)
      .then((opened) => (opened ? summaryOf(opened.values) : undefined))
      .catch(() => undefined)
      .then((found) => {
        if (!cancelled) setSummary(found);
      });
    return () => {
      cancelled = true;
    };
  }, [id, updatedAt]);
  if (!summary) return null;
  return (
    <p className="entry-summary">
      <span className="entry-child">{summary.child ?? t('outbox.childUnknown')}</span>
      {summary.circumstances.length > 0 ? (
        <span className="entry-circumstances">
          {t('outbox.circumstances', {
            list: summary.circumstances.map((code) => t(`circumstanceShort.${code}`)).join(t('common.listSeparator')),
          })}
        </span>
      ) : null}
    </p>
  );
}
