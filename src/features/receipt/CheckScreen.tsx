// "Check a receipt" (核验回执): whether a receipt's QR code proves that the
// agency received the report. Open on a locked tablet too: it reads nothing
// on the tablet but the agency's public signing keys, and shows nothing but
// what the receipt itself says. The code comes from the camera, a picture,
// or is pasted or typed; it is kept in this screen's memory only.
import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type ChangeEvent, type FormEvent } from 'react';
import type { AgencySigningKey } from '../../contract/agencySignature';
import { checkReceiptCode, MAX_RECEIPT_CODE_CHARS, type ReceiptVerdict } from '../../contract/receiptCode';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/zh-CN';
import { receiptVerdictWords } from '../../i18n/receiptVerdict';
import { firstScreenShown } from '../../lib/firstScreen';
import { Link } from '../../lib/Link';
import { PrivateForm } from '../../lib/PrivateForm';
import { paths } from '../../lib/router';
import { loadDeploymentDefaults } from '../../sync/syncSettings';
import { pinnedAgencySigningKeys } from '../../vault/agencyKeys';
import { currentSession, subscribeSession } from '../../vault/session';
import { readQrFromPicture } from './qrReader';
import { useQrCamera, type CameraState } from './useQrCamera';

/** The pinned signing keys; when there are none yet, config.json is read once (it pins them) before giving up. */
async function agencySigningKeys(): Promise<AgencySigningKey[]> {
  const pinned = await pinnedAgencySigningKeys();
  if (pinned.length > 0) return pinned;
  await loadDeploymentDefaults();
  return pinnedAgencySigningKeys();
}

const CAMERA_MESSAGES: Record<CameraState['kind'], MessageKey | undefined> = {
  off: undefined,
  starting: 'check.cameraStarting',
  scanning: 'check.cameraLooking',
  failed: undefined,
};
const CAMERA_FAILURES: Record<'denied' | 'missing' | 'failed', MessageKey> = {
  denied: 'check.cameraDenied',
  missing: 'check.cameraMissing',
  failed: 'check.cameraFailed',
};

export function CheckScreen() {
  const { t, messages, formatDateTime } = useI18n();
  const locked = useSyncExternalStore(subscribeSession, currentSession) === undefined;
  const titleId = useId();
  const codeId = useId();
  const fileId = useId();
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<MessageKey>();
  const [pictureMessage, setPictureMessage] = useState<MessageKey>();
  const [verdict, setVerdict] = useState<ReceiptVerdict>();
  const [busy, setBusy] = useState(false);
  const result = useRef<HTMLDivElement>(null);
  const checks = useRef(0);

  useEffect(() => {
    firstScreenShown();
  }, []);
  // A new verdict takes the focus, so that it is read out and in view.
  useEffect(() => {
    if (verdict) result.current?.focus();
  }, [verdict]);

  const check = useCallback(async (text: string) => {
    setVerdict(undefined);
    if (text.trim() === '') {
      setCodeError('check.codeEmpty');
      return;
    }
    setCodeError(undefined);
    const current = ++checks.current;
    setBusy(true);
    try {
      const found = await checkReceiptCode(text, await agencySigningKeys());
      if (current !== checks.current) return;
      setVerdict(found);
    } finally {
      if (current === checks.current) setBusy(false);
    }
  }, []);

  /** A code read from the camera or a picture: shown in the field, where it can be seen, and checked. */
  const scanned = useCallback(
    (text: string) => {
      setCode(text);
      void check(text);
    },
    [check],
  );
  const camera = useQrCamera(scanned);
  const cameraOn = camera.state.kind === 'starting' || camera.state.kind === 'scanning';
  const cameraMessage = camera.state.kind === 'failed' ? CAMERA_FAILURES[camera.state.reason] : CAMERA_MESSAGES[camera.state.kind];

  const readPicture = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    setPictureMessage('check.reading');
    setVerdict(undefined);
    const reading = await readQrFromPicture(file);
    input.value = '';
    if ('text' in reading) {
      setPictureMessage(undefined);
      scanned(reading.text);
    } else {
      setPictureMessage(reading.problem === 'unreadable' ? 'check.imageUnreadable' : 'check.imageNoCode');
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void check(code);
  };

  const words = verdict ? receiptVerdictWords(verdict, messages, formatDateTime) : undefined;
  const pictureIsProblem = pictureMessage !== undefined && pictureMessage !== 'check.reading';

  return (
    <section className="check-screen" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('check.title')}</h2>
      <p>{t('check.intro')}</p>

      {words ? (
        <div className={`check-result ${words.outcome}`} ref={result} tabIndex={-1} role="region" aria-label={t('check.result')}>
          <h3>{words.title}</h3>
          <p>{words.sentence}</p>
          {words.receiptIdLine ? <p>{words.receiptIdLine}</p> : null}
        </div>
      ) : null}

      <PrivateForm noValidate onSubmit={submit} className="check-form">
        <div className="check-camera">
          {cameraOn ? (
            <button type="button" className="button secondary" onClick={camera.stop}>
              {t('check.cameraStop')}
            </button>
          ) : (
            <button type="button" className="button secondary" onClick={() => void camera.start()}>
              {t('check.camera')}
            </button>
          )}
          <video ref={camera.videoRef} className="check-video" hidden={!cameraOn} muted playsInline aria-label={t('check.cameraView')} />
          <p role="status" className={camera.state.kind === 'failed' ? 'field-error' : undefined}>
            {cameraMessage ? t(cameraMessage) : ''}
          </p>
        </div>

        <div className="field">
          <label htmlFor={fileId}>{t('check.image')}</label>
          <p className="hint" id={`${fileId}-hint`}>
            {t('check.imageHint')}
          </p>
          <input
            id={fileId}
            type="file"
            accept="image/*"
            aria-describedby={`${fileId}-hint ${fileId}-status`}
            aria-invalid={pictureIsProblem ? true : undefined}
            onChange={(event) => void readPicture(event)}
          />
          <p id={`${fileId}-status`} role="status" className={pictureIsProblem ? 'field-error' : undefined}>
            {pictureMessage ? t(pictureMessage) : ''}
          </p>
        </div>

        <div className="field">
          <label htmlFor={codeId}>{t('check.code')}</label>
          <p className="hint" id={`${codeId}-hint`}>
            {t('check.codeHint')}
          </p>
          <textarea
            id={codeId}
            className="check-code"
            rows={5}
            maxLength={MAX_RECEIPT_CODE_CHARS}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            value={code}
            aria-invalid={codeError ? true : undefined}
            aria-describedby={codeError ? `${codeId}-hint ${codeId}-error` : `${codeId}-hint`}
            onChange={(event) => {
              setCode(event.target.value);
              setVerdict(undefined);
            }}
          />
          {codeError ? (
            <p className="field-error" id={`${codeId}-error`}>
              {t(codeError)}
            </p>
          ) : null}
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('check.checking') : t('check.submit')}
          </button>
          <Link className="button secondary" to={paths.home}>
            {t(locked ? 'check.backLocked' : 'check.backHome')}
          </Link>
        </div>
      </PrivateForm>
    </section>
  );
}
