// Moving unsent reports to another device as a file (src/outbox/transfer.ts).
import { useId, useState, type ChangeEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { db } from '../outbox/db';
import { requestSync } from '../outbox/syncService';
import { importReports, NotAnExportError, serializeExport, unsentReports } from '../outbox/transfer';

/** "shouhu-unsent-20261122-0830.json": when, never what. */
function fileName(at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const date = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}`;
  return `shouhu-unsent-${date}-${pad(at.getHours())}${pad(at.getMinutes())}.json`;
}

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file by the next task; the URL must not outlive it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function TransferSection() {
  const { t } = useI18n();
  const id = useId();
  const [exportStatus, setExportStatus] = useState('');
  const [importStatus, setImportStatus] = useState('');
  const [importFailed, setImportFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  const exportFile = async () => {
    const reports = await unsentReports(db);
    if (reports.length === 0) {
      setExportStatus(t('transfer.nothing'));
      return;
    }
    const now = new Date();
    download(serializeExport(reports, now), fileName(now));
    setExportStatus(t('transfer.exported', { count: reports.length }));
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setImportStatus('');
    try {
      const result = await importReports(db, await file.text());
      const parts = [t('transfer.imported', { imported: result.imported, skipped: result.skipped })];
      if (result.invalid > 0) parts.push(t('transfer.invalidItems', { count: result.invalid }));
      setImportStatus(parts.join(' '));
      setImportFailed(result.invalid > 0);
      if (result.imported > 0) requestSync();
    } catch (error) {
      setImportStatus(error instanceof NotAnExportError ? t('transfer.notAnExport') : t('transfer.failed', { reason: t('error.storage') }));
      setImportFailed(true);
    } finally {
      setBusy(false);
      input.value = '';
    }
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('transfer.title')}</h3>
      <p>{t('transfer.intro')}</p>
      <p className="field-warning">{t('transfer.warning')}</p>
      <div className="form-actions">
        <button type="button" className="button secondary" onClick={() => void exportFile()}>
          {t('transfer.export')}
        </button>
      </div>
      <p role="status">{exportStatus}</p>
      <div className="field">
        <label htmlFor={`${id}-import`}>{t('transfer.import')}</label>
        <p className="hint" id={`${id}-import-hint`}>
          {t('transfer.importHint')}
        </p>
        <input
          id={`${id}-import`}
          type="file"
          accept=".json,application/json"
          disabled={busy}
          aria-describedby={`${id}-import-hint`}
          onChange={(event) => void importFile(event)}
        />
      </div>
      <p role="status" className={importFailed ? 'field-error' : undefined}>
        {importStatus}
      </p>
    </section>
  );
}
