// Moving unsent reports to another device as a file (src/vault/transfer/moveUnsent.ts does the work).
import { useId, useState, type ChangeEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { db } from '../../storage/db';
import { requestSync } from '../../sync/syncService';
import { PlainField } from '../../lib/PlainField';
import { MIN_PASSPHRASE_LENGTH } from '../../vault/profiles';
import { requireSession } from '../../vault/session';
import { exportUnsentFile, importUnsentFile } from '../../vault/transfer/moveUnsent';
import { importFailureMessage } from './importFailureMessage';

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
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [passphraseError, setPassphraseError] = useState<{ first?: string; second?: string }>({});
  const [importPassphrase, setImportPassphrase] = useState('');

  const exportFile = async () => {
    const errors: { first?: string; second?: string } = {};
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) errors.first = t('vault.passphraseTooShort', { min: MIN_PASSPHRASE_LENGTH });
    if (confirm !== passphrase) errors.second = t('vault.passphraseMismatch');
    setPassphraseError(errors);
    if (errors.first || errors.second) return;
    setBusy(true);
    try {
      const now = new Date();
      const exported = await exportUnsentFile(db, requireSession(), passphrase, now);
      if (!exported) {
        setExportStatus(t('transfer.nothing'));
        return;
      }
      download(exported.text, fileName(now));
      setExportStatus(t('transfer.exported', { count: exported.count }));
      setPassphrase('');
      setConfirm('');
    } finally {
      setBusy(false);
    }
  };

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setImportStatus('');
    // Every export is encrypted: without the passphrase there is nothing to try.
    if (importPassphrase === '') {
      setImportStatus(t('transfer.passphraseNeeded'));
      setImportFailed(true);
      input.value = '';
      return;
    }
    setBusy(true);
    try {
      const result = await importUnsentFile(db, requireSession(), await file.text(), importPassphrase);
      const parts = [t('transfer.imported', { imported: result.imported, skipped: result.skipped })];
      if (result.invalid > 0) parts.push(t('transfer.invalidItems', { count: result.invalid }));
      setImportStatus(parts.join(' '));
      setImportFailed(result.invalid > 0);
      if (result.imported > 0) requestSync();
    } catch (error) {
      setImportStatus(t(importFailureMessage(error)));
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
      <PlainField
        label={t('transfer.passphrase')}
        hint={t('vault.passphraseHint', { min: MIN_PASSPHRASE_LENGTH })}
        type="password"
        maxLength={200}
        value={passphrase}
        onChange={(event) => setPassphrase(event.target.value)}
        error={passphraseError.first}
      />
      <PlainField
        label={t('transfer.passphraseConfirm')}
        type="password"
        maxLength={200}
        value={confirm}
        onChange={(event) => setConfirm(event.target.value)}
        error={passphraseError.second}
      />
      <div className="form-actions">
        <button type="button" className="button secondary" disabled={busy} onClick={() => void exportFile()}>
          {t('transfer.export')}
        </button>
      </div>
      <p role="status">{exportStatus}</p>
      <PlainField
        label={t('transfer.importPassphrase')}
        type="password"
        maxLength={200}
        value={importPassphrase}
        onChange={(event) => setImportPassphrase(event.target.value)}
      />
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
