import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import './app/styles.css';
import { I18nProvider } from './i18n/I18nProvider';
import { initialLanguage, loadMessages } from './i18n/language';

async function start() {
  const language = initialLanguage();
  // English is a separate chunk: fetch it before the first paint so the page does not flash Chinese.
  const messages = await loadMessages(language);
  document.documentElement.lang = language;
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider initial={language} messages={messages}>
        <App />
      </I18nProvider>
    </StrictMode>,
  );
  void import('./app/startSync').then(({ startSending }) => startSending());
}

void start();
