// Unfinished reports: resume one, or delete it after a confirmation.
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef, useState } from 'react';
import { navigate, paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import type { Draft } from '../../storage/db';
import { deleteDraft, listDrafts } from '../../vault/drafts';
import { formatReference, referenceFromId } from '../../contract/referenceCode';
import { isStaleDraft } from '../../vault/retention';
import { loadVaultSettings } from '../../vault/vaultSettings';
import { clampStep, STEPS } from './steps';
import { DraftSummary } from './DraftSummary';

export function DraftList({ limit }: { limit?: number }) {
  const { t, formatDateTime } = useI18n();
  const drafts = useLiveQuery(listDrafts, []);
  const staleDays = useLiveQuery(() => loadVaultSettings().then((settings) => settings.staleDraftDays), []);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [toDelete, setToDelete] = useState<Draft | null>(null);
  const [message, setMessage] = useState('');

  if (!drafts) return null;
  const shown = limit ? drafts.slice(0, limit) : drafts;
  const reference = (draft: Draft) => formatReference(referenceFromId(draft.id));

  const askDelete = (draft: Draft) => {
    setToDelete(draft);
    setMessage('');
    dialogRef.current?.showModal();
  };
  const confirmDelete = async () => {
    if (toDelete) await deleteDraft(toDelete.id);
    dialogRef.current?.close();
    setToDelete(null);
    setMessage(t('drafts.deleted'));
  };

  return (
    <>
      {shown.length === 0 && !limit ? <p>{t('drafts.empty')}</p> : null}
      <ul className="card-list">
        {shown.map((draft) => (
          <li key={draft.id} className="card">
            <div>
              <h3>{t('drafts.item', { reference: reference(draft) })}</h3>
              <DraftSummary id={draft.id} updatedAt={draft.updatedAt} />
              <p>{t('drafts.updated', { time: formatDateTime(draft.updatedAt) })}</p>
              {staleDays && isStaleDraft(draft.updatedAt, staleDays) ? (
                <p className="field-warning">{t('vault.staleDraft', { days: staleDays })}</p>
              ) : null}
              <p>
                {t('drafts.atStep', {
                  step: clampStep(draft.step) + 1,
                  stepName: t(STEPS[clampStep(draft.step)]!.title),
                })}
              </p>
            </div>
            <div className="card-actions">
              <button
                type="button"
                className="button primary"
                aria-label={`${t('drafts.resume')} ${t('drafts.item', { reference: reference(draft) })}`}
                onClick={() => navigate(paths.report(draft.id, clampStep(draft.step)))}
              >
                {t('drafts.resume')}
              </button>
              <button
                type="button"
                className="button secondary"
                aria-label={`${t('drafts.delete')} ${t('drafts.item', { reference: reference(draft) })}`}
                onClick={() => askDelete(draft)}
              >
                {t('drafts.delete')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <p role="status">{message}</p>
      <dialog ref={dialogRef} aria-labelledby="delete-draft-title" onClose={() => setToDelete(null)}>
        <h2 id="delete-draft-title">{t('drafts.deleteTitle')}</h2>
        <p>{toDelete ? t('drafts.deleteBody', { reference: reference(toDelete) }) : null}</p>
        <div className="form-actions">
          <button type="button" className="button secondary" onClick={() => dialogRef.current?.close()}>
            {t('common.cancel')}
          </button>
          <button type="button" className="button danger" onClick={() => void confirmDelete()}>
            {t('drafts.deleteConfirm')}
          </button>
        </div>
      </dialog>
    </>
  );
}
