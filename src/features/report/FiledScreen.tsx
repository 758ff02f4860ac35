// The confirmation after filing: the reference code, large, to read out or write down.
import { useLiveQuery } from 'dexie-react-hooks';
import { Link } from '../../lib/Link';
import { paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { getOwnItem } from '../../sync/queue';
import { formatReference } from '../../contract/referenceCode';
import { startReport } from './startReport';

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
        {t('outbox.submittedAt')}: {formatDateTime(item.submittedAt)}
      </p>
      <p>{t('confirm.body')}</p>
      <div className="form-actions">
        <button type="button" className="button primary" onClick={() => void startReport()}>
          {t('confirm.another')}
        </button>
        <Link className="button secondary" to={paths.receipt(item.id)}>
          {t('outbox.receipt')}
        </Link>
        <Link className="button secondary" to={paths.outbox}>
          {t('confirm.outbox')}
        </Link>
      </div>
    </section>
  );
}
