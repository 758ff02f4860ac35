// The agency inbox (inbox.html): the page officers open at the receiver to
// read the reports sealed for the agency and set their status. Its own entry
// of the build: no tablet loads it, and it loads nothing of the tablet app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/I18nProvider';
import { initialLanguage, loadMessages } from '../i18n/language';
import { InboxApp } from './InboxApp';
import './inbox.css';

async function start() {
  const language = initialLanguage();
  const messages = await loadMessages(language);
  document.documentElement.lang = language;
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <I18nProvider initial={language} messages={messages}>
        <InboxApp />
      </I18nProvider>
    </StrictMode>,
  );
}

void start();
