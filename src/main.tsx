import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { App } from './app/App';
import { afterFirstScreen } from './lib/firstScreen';
import { UpdatingScreen } from './app/UpdatingScreen';
import './app/styles.css';
import { I18nProvider } from './i18n/I18nProvider';
import { db } from './storage/db';
import { initialLanguage, loadMessages } from './i18n/language';
import { registerServiceWorker } from './app/serviceWorker';

async function start() {
  // The first screen lists the profiles from the database: open it while the page gets ready.
  void db.open().catch(() => undefined); // a failure shows where the data is read
  const language = initialLanguage();
  // English is a separate chunk: fetch it before the first paint so the page does not flash Chinese.
  const messages = await loadMessages(language);
  document.documentElement.lang = language;
  const root = createRoot(document.getElementById('root')!);
  // The provider stays in place (and keeps the language chosen since) when the screen changes.
  const show = (screen: ReactNode) =>
    root.render(
      <StrictMode>
        <I18nProvider initial={language} messages={messages}>
          {screen}
        </I18nProvider>
      </StrictMode>,
    );
  show(<App />);
  // Sending, offline use and updates start once the first screen is painted, not before.
  afterFirstScreen(() => {
    void import('./app/startSync').then(({ startSending }) => startSending());
    void registerServiceWorker({ closeScreens: () => flushSync(() => show(<UpdatingScreen />)) });
  });
}

void start();
