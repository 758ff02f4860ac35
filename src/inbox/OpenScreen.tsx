// Opening the inbox: the officer credential, the agency's private key file
// and its passphrase. What was typed stays in the fields when the opening
// fails, and the message says which of the three to check.
import { useRef, useState, type FormEvent } from 'react';
import { PlainField } from '../lib/PlainField';
import { PrivateForm } from '../lib/PrivateForm';
import { useInboxText } from './inboxText';
import type { InboxSession } from './inboxSession';
import type { LoadedPage } from './loadPage';
import { openInbox, type OpenFailure } from './openInbox';
import { problemText } from './problemText';

type Missing = Partial<Record<'keyFile' | 'passphrase', string>>;

export function OpenScreen({ locked, onOpen }: { locked: boolean; onOpen: (session: InboxSession, firstPage: LoadedPage) => void }) {
  const ti = useInboxText();
  const credentialRef = useRef<HTMLInputElement>(null);
  const keyFileRef = useRef<HTMLInputElement>(null);
  const passphraseRef = useRef<HTMLInputElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [missing, setMissing] = useState<Missing>({});
  const [failure, setFailure] = useState<OpenFailure | null>(null);
  const [working, setWorking] = useState<'key' | 'reports' | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (working) return;
    const credential = credentialRef.current?.value.trim() ?? '';
    const keyFile = keyFileRef.current?.files?.[0];
    const passphrase = passphraseRef.current?.value ?? '';
    const absent: Missing = {
      ...(keyFile ? {} : { keyFile: ti('inbox.error.noKeyFile') }),
      ...(passphrase ? {} : { passphrase: ti('inbox.error.noPassphrase') }),
    };
    setMissing(absent);
    setFailure(null);
    if (!keyFile || !passphrase) {
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setWorking('key');
    const outcome = await openInbox({ credential, keyFile, passphrase }, () => setWorking('reports'));
    if (outcome.ok) {
      onOpen(outcome.session, outcome.firstPage);
      return;
    }
    setWorking(null);
    setFailure(outcome.failure);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };

  const fieldMessages = Object.values(missing);
  return (
    <section className="open-screen" aria-labelledby="open-title">
      <h2 id="open-title">{ti('inbox.open.title')}</h2>
      {locked ? (
        <p className="notice" role="status">
          {ti('inbox.locked')}
        </p>
      ) : null}
      <p>{ti('inbox.open.intro')}</p>
      {failure || fieldMessages.length > 0 ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
          <h3>{ti('inbox.open.errorTitle')}</h3>
          {failure ? <p>{problemText(ti, failure)}</p> : null}
          {fieldMessages.length > 0 ? (
            <ul>
              {fieldMessages.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <PrivateForm onSubmit={(event) => void submit(event)} noValidate>
        <PlainField ref={credentialRef} type="password" label={ti('inbox.open.credential')} hint={ti('inbox.open.credentialHint')} spellCheck={false} />
        <PlainField ref={keyFileRef} type="file" label={ti('inbox.open.keyFile')} hint={ti('inbox.open.keyFileHint')} error={missing.keyFile} accept=".jwe,.txt,application/jose" />
        <PlainField ref={passphraseRef} type="password" label={ti('inbox.open.passphrase')} error={missing.passphrase} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={working !== null} aria-describedby={working ? 'open-progress' : undefined}>
            {ti('inbox.open.submit')}
          </button>
          <p id="open-progress" role="status" className="progress">
            {working === 'key' ? ti('inbox.open.openingKey') : working === 'reports' ? ti('inbox.open.listing') : ''}
          </p>
        </div>
      </PrivateForm>
    </section>
  );
}
