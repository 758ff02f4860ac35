// A filed report, read-only, while its content is still on the tablet: the
// police call back with questions, and the reporter needs the answers given.
import { useEffect, useState } from 'react';
import { Link } from '../../lib/Link';
import { paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { formatReference } from '../../contract/referenceCode';
import { openFiledReport, type FiledReport } from '../../vault/filedReports';
import { AnswerList } from './AnswerList';
import { FiledAgencyAnswer } from './FiledAgencyAnswer';

export function FiledReportScreen({ id }: { id: string }) {
  const { t, formatDateTime } = useI18n();
  const [filed, setFiled] = useState<FiledReport | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    void openFiledReport(id).then((found) => {
      if (!cancelled) setFiled(found ?? null);
    });
    return () => {
      cancelled = true;
    };
  }, [id]);
  if (filed === undefined) return <p>{t('common.loading')}</p>;
  if (filed === null) return <p role="alert">{t('form.notFound')}</p>;
  const { item, report } = filed;
  return (
    <section className="review filed-report">
      <p className="form-reference">{t('filedReport.reference', { reference: formatReference(item.reference) })}</p>
      <h2>{t('filedReport.title')}</h2>
      <p>
        {t('outbox.submittedAt', { time: formatDateTime(item.submittedAt) })}
      </p>
      <FiledAgencyAnswer id={item.id} />
      {report ? (
        <>
          <p className="step-intro">{t('filedReport.readOnly')}</p>
          <AnswerList values={report} />
        </>
      ) : (
        <p role="status">{t('vault.contentErased')}</p>
      )}
      <div className="form-actions">
        <Link className="button secondary" to={paths.receipt(item.id)}>
          {t('outbox.receipt')}
        </Link>
        <Link className="button secondary" to={paths.outbox}>
          {t('receipt.back')}
        </Link>
      </div>
    </section>
  );
}
