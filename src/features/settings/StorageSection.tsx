// Storage on this tablet: whether the browser keeps the data, how much space is
// used and left, whether the app works offline, and which version this is.
import { useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { BUILD_ID } from '../../lib/buildId';
import { formatBytes } from '../../lib/formatBytes';
import { isLowOnSpace, keepStorage, readStorageStatus, type StorageStatus } from '../../lib/deviceStorage';

/** offlineReady: whether this page is served by the service worker (the app knows; this screen only says so). */
export function StorageSection({ offlineReady }: { offlineReady: boolean }) {
  const { t, language } = useI18n();
  const id = useId();
  const [status, setStatus] = useState<StorageStatus>();
  const [asked, setAsked] = useState(false);

  useEffect(() => {
    let alive = true;
    void readStorageStatus().then((next) => alive && setStatus(next));
    return () => {
      alive = false;
    };
  }, []);

  const ask = async () => {
    await keepStorage();
    setStatus(await readStorageStatus());
    setAsked(true);
  };

  const persistence = status?.persistence;
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('storage.title')}</h3>
      {status ? (
        <>
          <p>{t(`storage.${status.persistence}`)}</p>
          <p className={isLowOnSpace(status) ? 'field-error' : undefined}>
            {status.usage !== undefined && status.free !== undefined
              ? t('storage.usage', { used: formatBytes(status.usage, language), free: formatBytes(status.free, language) })
              : t('storage.usageUnknown')}
          </p>
        </>
      ) : (
        <p>{t('common.loading')}</p>
      )}
      {persistence === 'notPersisted' ? (
        <div className="form-actions">
          <button type="button" className="button secondary" onClick={() => void ask()}>
            {t('storage.askPersist')}
          </button>
        </div>
      ) : null}
      <p role="status">{asked && persistence === 'notPersisted' ? t('storage.persistDenied') : ''}</p>
      <p>{offlineReady ? t('storage.offlineReady') : t('storage.offlineNotReady')}</p>
      <p>{t('storage.version', { version: BUILD_ID })}</p>
    </section>
  );
}
