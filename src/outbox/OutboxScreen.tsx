// Every filed report with where it stands.
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '../i18n/I18nProvider';
import { formatReference } from '../receipt/referenceCode';
import { listOutbox } from './queue';

export function OutboxScreen() {
  const { t, formatDateTime } = useI18n();
  const items = useLiveQuery(listOutbox, []);
  if (!items) return <p>{t('common.loading')}</p>;
  return (
    <section>
      <h2>{t('outbox.title')}</h2>
      {items.length === 0 ? (
        <p>{t('outbox.empty')}</p>
      ) : (
        <table className="outbox-table">
          <thead>
            <tr>
              <th scope="col">{t('outbox.reference')}</th>
              <th scope="col">{t('outbox.status')}</th>
              <th scope="col">{t('outbox.submittedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id}>
                <th scope="row" className="reference">
                  {formatReference(item.reference)}
                </th>
                <td>{t(`status.${item.status}`)}</td>
                <td>{formatDateTime(item.submittedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
