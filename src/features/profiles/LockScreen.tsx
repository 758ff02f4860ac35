// The lock screen: pick your profile and unlock it, add a profile, or erase a
// profile whose passphrase is forgotten; meanwhile, how sending goes.
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { firstScreenShown } from '../../lib/firstScreen';
import { useI18n } from '../../i18n/I18nProvider';
import { PrivateForm } from '../../lib/PrivateForm';
import { Link } from '../../lib/Link';
import { PlainField } from '../../lib/PlainField';
import { paths } from '../../lib/router';
import { ProfileForm } from './ProfileForm';
import { WaitingToSend } from './WaitingToSend';
import {
  eraseProfile,
  listProfiles,
  profileLoss,
  TooSoonError,
  unlockProfile,
  WrongPassphraseError,
  type ProfileLoss,
  type ProfileSummary,
} from '../../vault/profiles';

type Mode = { kind: 'choose' } | { kind: 'unlock'; profile: ProfileSummary } | { kind: 'create' } | { kind: 'forgot'; profile: ProfileSummary };

export function LockScreen() {
  const { t } = useI18n();
  const profiles = useLiveQuery(listProfiles, []);
  const [mode, setMode] = useState<Mode>({ kind: 'choose' });
  const loaded = profiles !== undefined;
  useEffect(() => {
    if (loaded) firstScreenShown();
  }, [loaded]);

  if (!profiles) return <p>{t('common.loading')}</p>;
  if (profiles.length === 0) {
    return (
      <section className="lock-screen">
        <ProfileForm />
        <CheckReceiptLink />
      </section>
    );
  }
  if (mode.kind === 'create') {
    return (
      <section className="lock-screen">
        <ProfileForm onCancel={() => setMode({ kind: 'choose' })} />
      </section>
    );
  }
  if (mode.kind === 'unlock') {
    return <UnlockForm profile={mode.profile} onBack={() => setMode({ kind: 'choose' })} onForgot={() => setMode({ kind: 'forgot', profile: mode.profile })} />;
  }
  if (mode.kind === 'forgot') {
    return <ForgotPassphrase profile={mode.profile} onBack={() => setMode({ kind: 'choose' })} />;
  }
  return (
    <section className="lock-screen">
      <h2>{t('vault.lockedTitle')}</h2>
      <WaitingToSend />
      <p>{t('vault.chooseProfile')}</p>
      <ul className="profile-list">
        {profiles.map((profile) => (
          <li key={profile.id}>
            <button type="button" className="button secondary large" onClick={() => setMode({ kind: 'unlock', profile })}>
              {profile.lockLabel}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button secondary" onClick={() => setMode({ kind: 'create' })}>
        {t('vault.addProfile')}
      </button>
      <CheckReceiptLink />
    </section>
  );
}

/** Anyone may check a receipt, without a profile: the agency's staff, a reporter with a printed copy. */
function CheckReceiptLink() {
  const { t } = useI18n();
  return (
    <p className="lock-check">
      <Link to={paths.check}>{t('vault.checkReceipt')}</Link>
    </p>
  );
}

function UnlockForm({ profile, onBack, onForgot }: { profile: ProfileSummary; onBack: () => void; onForgot: () => void }) {
  const { t } = useI18n();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [waitUntil, setWaitUntil] = useState(profile.nextUnlockAt);
  const [now, setNow] = useState(Date.now());
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (waitUntil <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), 500);
    return () => clearTimeout(timer);
  }, [waitUntil, now]);

  const waiting = waitUntil > now ? Math.ceil((waitUntil - now) / 1000) : 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (waiting > 0 || busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await unlockProfile(profile.id, passphrase);
    } catch (problem) {
      setPassphrase('');
      if (problem instanceof WrongPassphraseError) {
        const record = (await listProfiles()).find((p) => p.id === profile.id);
        setWaitUntil(record?.nextUnlockAt ?? 0);
        setNow(Date.now());
        setError(t('vault.wrongPassphrase'));
      } else if (problem instanceof TooSoonError) {
        setWaitUntil(problem.retryAt);
        setNow(Date.now());
      } else {
        setError(t('vault.unlockFailed'));
      }
      setBusy(false);
      requestAnimationFrame(() => inputRef.current?.focus());
    }
  };

  return (
    <section className="lock-screen">
      <PrivateForm noValidate onSubmit={(event) => void submit(event)}>
        <h2>{t('vault.unlockTitle', { label: profile.lockLabel })}</h2>
        <PlainField
          ref={inputRef}
          label={t('vault.passphrase')}
          type="password"
          autoFocus
          maxLength={200}
          value={passphrase}
          onChange={(event) => setPassphrase(event.target.value)}
          error={error}
        />
        <p role="status">{waiting > 0 ? t('vault.wait', { seconds: waiting }) : ''}</p>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy || waiting > 0}>
            {busy ? t('vault.working') : t('vault.unlock')}
          </button>
          <button type="button" className="button secondary" onClick={onBack}>
            {t('vault.otherProfile')}
          </button>
          <button type="button" className="button secondary" onClick={onForgot}>
            {t('vault.forgot')}
          </button>
        </div>
      </PrivateForm>
    </section>
  );
}

function ForgotPassphrase({ profile, onBack }: { profile: ProfileSummary; onBack: () => void }) {
  const { t } = useI18n();
  const [loss, setLoss] = useState<ProfileLoss | undefined>();
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    void profileLoss(profile.id).then(setLoss);
  }, [profile.id]);

  const erase = async (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim() !== profile.lockLabel) {
      setError(t('vault.confirmLabelMismatch'));
      return;
    }
    await eraseProfile(profile.id);
    onBack();
  };

  return (
    <section className="lock-screen">
      <PrivateForm noValidate onSubmit={(event) => void erase(event)}>
        <h2>{t('vault.forgotTitle')}</h2>
        <p>{t('vault.forgotIntro')}</p>
        {loss ? (
          <ul className="loss-list" role="alert">
            <li>{t('vault.lossDrafts', { count: loss.drafts })}</li>
            <li>
              {loss.othersCanSend ? t('vault.lossUnsentKept', { count: loss.unsent }) : t('vault.lossUnsentLost', { count: loss.unsent })}
            </li>
            <li>{t('vault.lossReceipts')}</li>
          </ul>
        ) : null}
        {loss && loss.unsent > 0 ? <p>{t('vault.exportFirst')}</p> : null}
        <PlainField
          label={t('vault.confirmLabel', { label: profile.lockLabel })}
          value={typed}
          maxLength={20}
          onChange={(event) => setTyped(event.target.value)}
          error={error}
        />
        <div className="form-actions">
          <button type="submit" className="button danger">
            {t('vault.eraseProfile')}
          </button>
          <button type="button" className="button secondary" onClick={onBack}>
            {t('common.cancel')}
          </button>
        </div>
      </PrivateForm>
    </section>
  );
}
