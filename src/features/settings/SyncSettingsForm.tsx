// Endpoint and token: an address that cannot be used is refused with words, a risky one warned about; and a connection test.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { PrivateForm } from '../../lib/PrivateForm';
import { resumeSync } from '../../sync/syncService';
import {
  endpointProblem,
  endpointWarning,
  loadDeploymentDefaults,
  loadUserSettings,
  maskToken,
  saveUserSettings,
} from '../../sync/syncSettings';
import { testConnection, type ConnectionResult } from '../../sync/transport';

export function SyncSettingsForm() {
  const { t } = useI18n();
  const id = useId();
  const [endpoint, setEndpoint] = useState('');
  const [newToken, setNewToken] = useState('');
  const [savedToken, setSavedToken] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ConnectionResult | undefined>();
  const endpointRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void Promise.all([loadDeploymentDefaults(), loadUserSettings()]).then(([defaults, user]) => {
      setEndpoint(user.endpoint ?? defaults.endpoint ?? '');
      // A token this session cannot open (not granted the outbox key yet) shows as saved, unmasked.
      setSavedToken(user.token ?? (user.hasToken ? '' : undefined) ?? defaults.token ?? (defaults.hasToken ? '' : undefined));
    });
  }, []);

  const warning = endpoint.trim() ? endpointWarning(endpoint) : undefined;
  const blocking = warning !== undefined && endpointProblem(endpoint) !== undefined;

  /** An address that cannot be used is not saved: the field keeps what was typed, and its message says what to change. */
  const refuseUnusable = (): boolean => {
    if (!blocking) return false;
    setStatus('');
    endpointRef.current?.focus();
    return true;
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (refuseUnusable()) return;
    await saveUserSettings({ endpoint, token: newToken });
    if (newToken) setSavedToken(newToken);
    setNewToken('');
    setStatus(t('sync.saved'));
    void resumeSync();
  };

  const removeToken = async () => {
    if (refuseUnusable()) return;
    await saveUserSettings({ endpoint, removeToken: true });
    setSavedToken(undefined);
    setStatus(t('sync.saved'));
    void resumeSync();
  };

  const test = async () => {
    setTesting(true);
    setResult(undefined);
    const token = newToken || savedToken;
    setResult(await testConnection({ endpoint: endpoint.trim(), ...(token ? { token } : {}) }));
    setTesting(false);
  };

  return (
    <PrivateForm noValidate onSubmit={(event) => void save(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('sync.title')}</h3>
      <p>{t('sync.intro')}</p>
      <div className="field">
        <label htmlFor={`${id}-endpoint`}>{t('sync.endpoint')}</label>
        <p className="hint" id={`${id}-endpoint-hint`}>
          {t('sync.endpointHint')}
        </p>
        <input
          ref={endpointRef}
          id={`${id}-endpoint`}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          maxLength={2000}
          value={endpoint}
          aria-invalid={blocking || undefined}
          aria-describedby={`${id}-endpoint-hint${warning ? ` ${id}-endpoint-warning` : ''}`}
          onChange={(event) => {
            setEndpoint(event.target.value);
            setStatus('');
            setResult(undefined);
          }}
        />
        {warning ? (
          <p className={blocking ? 'field-error' : 'field-warning'} id={`${id}-endpoint-warning`}>
            {t(`sync.warning.${warning}`)}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-token`}>{t('sync.token')}</label>
        <p className="hint" id={`${id}-token-hint`}>
          {t('sync.tokenHint')} {savedToken !== undefined ? t('sync.tokenSaved', { masked: maskToken(savedToken) }) : t('sync.noToken')}
        </p>
        <input
          id={`${id}-token`}
          type="password"
          autoComplete="new-password"
          maxLength={4096}
          value={newToken}
          aria-describedby={`${id}-token-hint`}
          onChange={(event) => {
            setNewToken(event.target.value);
            setStatus('');
          }}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary">
          {t('sync.save')}
        </button>
        <button type="button" className="button secondary" disabled={!endpoint.trim() || blocking || testing} onClick={() => void test()}>
          {testing ? t('sync.testing') : t('sync.test')}
        </button>
        {savedToken !== undefined ? (
          <button type="button" className="button secondary" onClick={() => void removeToken()}>
            {t('sync.removeToken')}
          </button>
        ) : null}
      </div>
      <p role="status">
        {status} {result ? t(`sync.result.${result}`) : ''}
      </p>
    </PrivateForm>
  );
}
