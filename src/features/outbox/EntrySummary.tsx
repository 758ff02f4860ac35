// Under an outbox entry's code: the child's name (or the start of the
// description) and the circumstances in short, so that entries are told apart.
// Opened from the owner's sealed copy after the list shows; this list is
// behind the lock and shows only the open profile's reports.
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import type { OutboxItem } from '../../storage/db';
import { filedReportSummary, type ReportSummary } from '../../vault/filedReports';

export function EntrySummary({ item }: { item: OutboxItem }) {
  const { t } = useI18n();
  const [summary, setSummary] = useState<ReportSummary | null | undefined>(undefined);
  // The list re-reads its items as sending goes on: open the content once per report, not at each read.
  const latest = useRef(item);
  latest.current = item;
  const { id, contentErasedAt } = item;
  useEffect(() => {
    let cancelled = false;
    void filedReportSummary(latest.current)
      .catch(() => undefined)
      .then((opened) => {
        if (!cancelled) setSummary(opened ?? null);
      });
    return () => {
      cancelled = true;
    };
  }, [id, contentErasedAt]);
  if (summary === undefined) return null;
  if (summary === null) return <p className="entry-summary">{t('outbox.contentErased')}</p>;
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
