import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { dateFormatter, dateTimeFormatter } from './dateFormat';
import { loadMessages, rememberLanguage, translate, type Language, type Params } from './language';
import type { MessageKey, Messages } from './zh-CN';

export interface I18n {
  language: Language;
  t: (key: MessageKey, params?: Params) => string;
  /** A date and time, e.g. 2026年11月22日 08:30 or 22 Nov 2026, 08:30 (see dateFormat.ts). */
  formatDateTime: (value: string | number | Date) => string;
  /** A date alone, in the same style: 2026年11月22日 or 22 Nov 2026. */
  formatDate: (value: string | number | Date) => string;
  setLanguage: (language: Language) => void;
  messages: Messages;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider(props: { initial: Language; messages: Messages; children: ReactNode }) {
  const [state, setState] = useState({ language: props.initial, messages: props.messages });

  useEffect(() => {
    document.documentElement.lang = state.language;
  }, [state.language]);

  const setLanguage = useCallback((language: Language) => {
    rememberLanguage(language);
    void loadMessages(language).then((messages) => setState({ language, messages }));
  }, []);

  const value = useMemo<I18n>(() => {

    return {
      language: state.language,
      messages: state.messages,
      t: (key, params) => translate(state.messages, key, params),
      formatDateTime: dateTimeFormatter(state.language),
      formatDate: dateFormatter(state.language),
      setLanguage,
    };
  }, [state, setLanguage]);

  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n needs an I18nProvider');
  return i18n;
}
