// Creating a profile: the lock-screen label, the reporter details that prefill
// reports, and a passphrase that cannot be recovered.
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { PrivateForm } from '../../lib/PrivateForm';
import { PlainField } from '../../lib/PlainField';
import { ProfileDetailsFields } from './ProfileDetailsFields';
import { createProfile, MIN_PASSPHRASE_LENGTH } from '../../vault/profiles';
import type { ProfileDetails } from '../../vault/session';

type Errors = Partial<Record<'lockLabel' | 'name' | 'passphrase' | 'confirm', string>>;

export function ProfileForm({ onCancel }: { onCancel?: () => void }) {
  const { t } = useI18n();
  const [lockLabel, setLockLabel] = useState('');
  const [details, setDetails] = useState<ProfileDetails>({ name: '', unitName: '', unitType: '', position: '', phone: '' });
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Errors = {};
    if (!lockLabel.trim()) found.lockLabel = t('error.required');
    if (!details.name.trim()) found.name = t('error.required');
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) found.passphrase = t('vault.passphraseTooShort', { min: MIN_PASSPHRASE_LENGTH });
    if (confirm !== passphrase) found.confirm = t('vault.passphraseMismatch');
    setErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus());
      return;
    }
    setBusy(true);
    try {
      await createProfile({ lockLabel, passphrase, details });
    } finally {
      setBusy(false);
    }
  };

  return (
    <PrivateForm noValidate onSubmit={(event) => void submit(event)} className="profile-form">
      <h2>{t('vault.createTitle')}</h2>
      <p>{t('vault.createIntro')}</p>
      <PlainField label={t('vault.lockLabel')} hint={t('vault.lockLabelHint')} maxLength={20} value={lockLabel} onChange={(event) => setLockLabel(event.target.value)} error={errors.lockLabel} />
      <ProfileDetailsFields details={details} onChange={setDetails} nameError={errors.name} />
      <p className="emergency" role="note">
        {t('vault.noRecovery')}
      </p>
      <PlainField label={t('vault.passphrase')} hint={t('vault.passphraseHint', { min: MIN_PASSPHRASE_LENGTH })} type="password" maxLength={200} value={passphrase} onChange={(event) => setPassphrase(event.target.value)} error={errors.passphrase} />
      <PlainField label={t('vault.passphraseConfirm')} type="password" maxLength={200} value={confirm} onChange={(event) => setConfirm(event.target.value)} error={errors.confirm} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('vault.working') : t('vault.create')}
        </button>
        {onCancel ? (
          <button type="button" className="button secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
    </PrivateForm>
  );
}
