// Settings sections for the unlocked profile (my details, password, lock
// time) and for the tablet (retention, adding a colleague, erasing the
// tablet); app/SettingsScreen.tsx puts them in the staff and administrator parts.
import { type FormEvent, useEffect, useState, useSyncExternalStore } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/zh-CN';
import { PrivateForm } from '../../lib/PrivateForm';
import { countUnsentOnTablet, eraseTablet } from '../../vault/eraseTablet';
import { PlainField } from '../../lib/PlainField';
import { ProfileDetailsFields } from './ProfileDetailsFields';
import { ProfileForm } from './ProfileForm';
import { changePassphrase, MIN_PASSPHRASE_LENGTH, saveProfileDetails, WrongPassphraseError } from '../../vault/profiles';
import { loadVaultSettings, saveVaultSettings, VAULT_SETTING_LIMITS, type VaultSettings } from '../../vault/vaultSettings';
import { currentSession, subscribeSession, type ProfileDetails } from '../../vault/session';

export function MyDetails() {
  const { t } = useI18n();
  const session = useSyncExternalStore(subscribeSession, currentSession);
  const [details, setDetails] = useState<ProfileDetails | undefined>(session?.details);
  const [saved, setSaved] = useState(false);
  if (!details) return null;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    await saveProfileDetails(details);
    setSaved(true);
  };
  return (
    <PrivateForm noValidate onSubmit={(event) => void save(event)} aria-labelledby="my-details-title">
      <h3 id="my-details-title">{t('vault.profileDetailsTitle')}</h3>
      <p>{t('vault.profileDetailsIntro')}</p>
      <ProfileDetailsFields
        details={details}
        onChange={(changed) => {
          setDetails(changed);
          setSaved(false);
        }}
      />
      <button type="submit" className="button primary">
        {t('settings.save')}
      </button>{' '}
      <span role="status">{saved ? t('vault.detailsSaved') : ''}</span>
    </PrivateForm>
  );
}

type VaultSettingKey = keyof VaultSettings;

interface VaultSettingsFormProps {
  keys: readonly VaultSettingKey[];
  title: MessageKey;
  save: MessageKey;
  /** What the save says it saved, and when that takes effect. */
  savedText: (settings: VaultSettings) => string;
}

/** Some of the tablet's vault settings in a form of their own; the others are kept as stored. */
function VaultSettingsForm({ keys, title, save: saveLabel, savedText }: VaultSettingsFormProps) {
  const { t } = useI18n();
  const [stored, setStored] = useState<VaultSettings | undefined>();
  const [values, setValues] = useState<Partial<Record<VaultSettingKey, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<VaultSettingKey, string>>>({});
  const [saved, setSaved] = useState<VaultSettings | undefined>();
  useEffect(() => {
    void loadVaultSettings().then((settings) => {
      setStored(settings);
      setValues(Object.fromEntries(keys.map((key) => [key, String(settings[key])])));
    });
  }, [keys]);
  if (!stored) return null;
  const labels = { idleLockMinutes: t('vault.idleMinutes'), retentionDays: t('vault.retentionDays'), staleDraftDays: t('vault.staleDays') };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<VaultSettingKey, string>> = {};
    // The others as stored now: a save here must not undo one made in the other form.
    const parsed: VaultSettings = { ...(await loadVaultSettings()) };
    for (const key of keys) {
      const { min, max } = VAULT_SETTING_LIMITS[key];
      const text = (values[key] ?? '').trim();
      const number = Number(text);
      if (text === '' || !Number.isInteger(number) || number < min || number > max) {
        found[key] = t('vault.numberRange', { min, max });
      }
      parsed[key] = number;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await saveVaultSettings(parsed);
    setStored(parsed);
    setSaved(parsed);
  };
  const titleId = `vault-settings-${keys[0]}`;
  return (
    <PrivateForm noValidate onSubmit={(event) => void submit(event)} aria-labelledby={titleId}>
      <h3 id={titleId}>{t(title)}</h3>
      {keys.map((key) => (
        <PlainField
          key={key}
          label={labels[key]}
          type="number"
          inputMode="numeric"
          min={VAULT_SETTING_LIMITS[key].min}
          max={VAULT_SETTING_LIMITS[key].max}
          value={values[key] ?? ''}
          onChange={(event) => {
            setValues({ ...values, [key]: event.target.value });
            setSaved(undefined);
          }}
          error={errors[key]}
        />
      ))}
      <button type="submit" className="button primary">
        {t(saveLabel)}
      </button>
      {/* Says what was saved and when it takes effect. */}
      <p role="status" className="saved-status">
        {saved ? savedText(saved) : ''}
      </p>
    </PrivateForm>
  );
}

const LOCK_KEYS = ['idleLockMinutes'] as const;
const RETENTION_KEYS = ['retentionDays', 'staleDraftDays'] as const;

/** How long the tablet waits before it locks itself: every staff member's concern. */
export function LockTimeSetting() {
  const { t } = useI18n();
  return (
    <VaultSettingsForm
      keys={LOCK_KEYS}
      title="vault.lockTitle"
      save="vault.saveLock"
      savedText={(settings) => t('vault.lockSaved', { idle: settings.idleLockMinutes })}
    />
  );
}

/** How long content stays after the agency has it, and when drafts are flagged: the administrator's. */
export function RetentionSettings() {
  const { t } = useI18n();
  return (
    <VaultSettingsForm
      keys={RETENTION_KEYS}
      title="vault.retentionTitle"
      save="vault.saveRetention"
      savedText={(settings) => t('vault.retentionSaved', { retention: settings.retentionDays, stale: settings.staleDraftDays })}
    />
  );
}

export function PassphraseChange() {
  const { t } = useI18n();
  const [oldPassphrase, setOld] = useState('');
  const [newPassphrase, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ old?: string; new?: string; confirm?: string }>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (newPassphrase.length < MIN_PASSPHRASE_LENGTH) found.new = t('vault.passphraseTooShort', { min: MIN_PASSPHRASE_LENGTH });
    if (confirm !== newPassphrase) found.confirm = t('vault.passphraseMismatch');
    setErrors(found);
    setDone(false);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await changePassphrase(oldPassphrase, newPassphrase);
      setDone(true);
      setOld('');
      setNew('');
      setConfirm('');
    } catch (error) {
      if (error instanceof WrongPassphraseError) setErrors({ old: t('vault.wrongPassphrase') });
      else throw error;
    } finally {
      setBusy(false);
    }
  };
  return (
    <PrivateForm noValidate onSubmit={(event) => void submit(event)} aria-labelledby="passphrase-title">
      <h3 id="passphrase-title">{t('vault.changePassphraseTitle')}</h3>
      <PlainField label={t('vault.oldPassphrase')} type="password" maxLength={200} value={oldPassphrase} onChange={(event) => setOld(event.target.value)} error={errors.old} />
      <PlainField label={t('vault.newPassphrase')} hint={t('vault.passphraseHint', { min: MIN_PASSPHRASE_LENGTH })} type="password" maxLength={200} value={newPassphrase} onChange={(event) => setNew(event.target.value)} error={errors.new} />
      <PlainField label={t('vault.passphraseConfirm')} type="password" maxLength={200} value={confirm} onChange={(event) => setConfirm(event.target.value)} error={errors.confirm} />
      <button type="submit" className="button primary" disabled={busy}>
        {busy ? t('vault.working') : t('vault.changePassphrase')}
      </button>{' '}
      <span role="status">{done ? t('vault.passphraseChanged') : ''}</span>
    </PrivateForm>
  );
}

export function AddColleague() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <section aria-labelledby="add-colleague-title">
      <h3 id="add-colleague-title">{t('vault.addColleague')}</h3>
      <p>{t('vault.addColleagueIntro')}</p>
      {open ? (
        <ProfileForm onCancel={() => setOpen(false)} />
      ) : (
        <button type="button" className="button secondary" onClick={() => setOpen(true)}>
          {t('vault.addColleague')}
        </button>
      )}
    </section>
  );
}

export function EraseTablet() {
  const { t } = useI18n();
  const [unsent, setUnsent] = useState<number | undefined>();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    void countUnsentOnTablet().then(setUnsent);
  }, []);
  const word = t('vault.eraseWord');
  const erase = async (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim() !== word) {
      setError(t('vault.confirmLabelMismatch'));
      return;
    }
    await eraseTablet();
    location.assign('/');
  };
  return (
    <PrivateForm noValidate onSubmit={(event) => void erase(event)} aria-labelledby="erase-title" className="danger-zone">
      <h3 id="erase-title">{t('vault.eraseTabletTitle')}</h3>
      <p>{t('vault.eraseTabletIntro')}</p>
      {unsent ? (
        <p className="emergency" role="alert">
          {t('vault.eraseTabletUnsent', { count: unsent })}
        </p>
      ) : null}
      <PlainField label={t('vault.eraseTabletConfirm', { word })} value={typed} maxLength={20} onChange={(event) => setTyped(event.target.value)} error={error} />
      <button type="submit" className="button danger">
        {t('vault.eraseTablet')}
      </button>
    </PrivateForm>
  );
}
