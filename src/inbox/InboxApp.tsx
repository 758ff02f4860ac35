// The inbox's shell: the header with the language switch and, once open, the
// Lock button; the opening screen until the officer opens the key, then the
// reports. Locking drops the session (the key, the credential and every
// opened report) with the components that held it.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { LanguageButton } from '../i18n/LanguageButton';
import { Inbox } from './Inbox';
import { useInboxText } from './inboxText';
import type { LoadedPage } from './loadPage';
import { OpenScreen } from './OpenScreen';
import type { InboxSession } from './inboxSession';

interface Opened {
  session: InboxSession;
  firstPage: LoadedPage;
}

export function InboxApp() {
  const { t } = useI18n();
  const ti = useInboxText();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [locked, setLocked] = useState(false);

  useEffect(() => {
    // The title names the page only, never a report.
    document.title = `${ti('inbox.title')} · ${t('app.name')}`;
  }, [t, ti]);

  const lock = () => {
    setOpened(null);
    setLocked(true);
  };

  return (
    <div className="inbox">
      <header className="inbox-header no-print">
        <div className="brand">
          <h1>
            {t('app.name')} · {ti('inbox.title')}
          </h1>
          <p>{ti('inbox.tagline')}</p>
        </div>
        {opened ? (
          <button type="button" className="button header-button" onClick={lock}>
            {ti('inbox.lock')}
          </button>
        ) : null}
        <LanguageButton />
      </header>
      <main className="inbox-main">
        {opened ? (
          <Inbox session={opened.session} firstPage={opened.firstPage} />
        ) : (
          <OpenScreen
            locked={locked}
            onOpen={(session, firstPage) => {
              setLocked(false);
              setOpened({ session, firstPage });
            }}
          />
        )}
      </main>
    </div>
  );
}
