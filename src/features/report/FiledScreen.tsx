// The confirmation after filing: the reference code, large, to read out or
// write down, and where the report stands now, in words that change as it
// moves (waiting on the tablet, being sent, received by the agency).
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from '../../lib/Link';
import { paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { getOwnItem } from '../../sync/queue';
import { formatReference } from '../../contract/referenceCode';
import type { I18n } from '../../i18n/I18nProvider';
import type { OutboxItem } from '../../storage/db';
import { startReport } from './startReport';

/** Where the report stands, as the confirmation says it. */
function filedStatusText(t: I18n['t'], formatDateTime: I18n['formatDateTime'], item: OutboxItem): string {
  switch (item.status) {
    case 'acknowledged':
      return t('confirm.received', { time: formatDateTime(item.receivedAt ?? item.acknowledgedAt ?? item.submittedAt) });
    case 'sending':
      return t('confirm.sending');
    case 'queued':
      return item.attempts > 0 ? t('confirm.retrying') : t('confirm.waiting');
    default:
      return t('confirm.needsAttention');
  }
}

export function FiledScreen({ id }: { id: string }) {
  const { t, formatDateTime } = useI18n();
  const item = useLiveQuery(() => getOwnItem(id).then((found) => found ?? null), [id]);
  if (item === undefined) return <p>{t('common.loading')}</p>;
  if (item === null) return <p role="alert">{t('form.notFound')}</p>;
  return (
    <section className="filed">
      <h2>{t('confirm.title')}</h2>
      <p>{t('confirm.reference')}</p>
      <p className="reference-code" aria-label={`${t('confirm.reference')} ${formatReference(item.reference)}`}>
        {formatReference(item.reference)}
      </p>
      <p>
        {t('outbox.submittedAt', { time: formatDateTime(item.submittedAt) })}
      </p>
      <p role="status" className={`status status-${item.status}`}>
        {filedStatusText(t, formatDateTime, item)}
      </p>
      <div className="form-actions">
        <button type="button" className="button primary" onClick={() => void startReport()}>
          {t('confirm.another')}
        </button>
        <Link className="button secondary" to={paths.receipt(item.id)}>
          {t('outbox.receipt')}
        </Link>
        <Link className="button secondary" to={paths.filedReport(item.id)}>
          {t('outbox.read')}
        </Link>
        <Link className="button secondary" to={paths.outbox}>
          {t('confirm.outbox')}
        </Link>
      </div>
    </section>
  );
}
