// The other language's catalog, for a bilingual receipt. English is its own
// chunk and is fetched only when a bilingual receipt in Chinese asks for it.
import { useEffect, useState } from 'react';
import { loadMessages, type Language } from '../../i18n/language';
import type { Messages } from '../../i18n/zh-CN';

export interface SecondLanguage {
  language: Language;
  messages: Messages;
}

export const otherLanguage = (language: Language): Language => (language === 'en' ? 'zh-CN' : 'en');

/** The catalog of `language`, or undefined while it loads or when none is asked for. */
export function useSecondLanguage(language: Language | undefined): SecondLanguage | undefined {
  const [loaded, setLoaded] = useState<SecondLanguage>();
  useEffect(() => {
    if (!language) return;
    let current = true;
    void loadMessages(language).then((messages) => {
      if (current) setLoaded({ language, messages });
    });
    return () => {
      current = false;
    };
  }, [language]);
  return language && loaded?.language === language ? loaded : undefined;
}
