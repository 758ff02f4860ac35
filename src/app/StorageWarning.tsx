// A banner when the tablet runs out of space: before drafts and reports can no longer be saved.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { formatBytes } from '../lib/formatBytes';
import { isLowOnSpace, readStorageStatus, type StorageStatus } from '../lib/deviceStorage';
import { Link } from '../lib/Link';
import { paths } from '../lib/router';

const RECHECK_MS = 60_000;

/** `recheck` changes when something was saved (a screen changed, a report was filed): look again. */
export function StorageWarning({ recheck }: { recheck: unknown }) {
  const { t, language } = useI18n();
  const [status, setStatus] = useState<StorageStatus>();
  useEffect(() => {
    let alive = true;
    const read = () => void readStorageStatus().then((next) => alive && setStatus(next));
    read();
    const timer = setInterval(read, RECHECK_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [recheck]);
  if (!status || !isLowOnSpace(status)) return null;
  return (
    <div className="notice storage-warning" role="alert">
      <p>{t('storage.lowBanner', { free: formatBytes(status.free ?? 0, language) })}</p>
      <Link to={paths.settings}>{t('storage.openSettings')}</Link>
    </div>
  );
}
