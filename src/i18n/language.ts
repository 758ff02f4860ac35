// Which language to show: ?lang=en in the address, else the user's last choice, else Chinese.
import { zhCN, type MessageKey, type Messages } from './zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

// Only the language choice is kept in localStorage: never report content.
const STORAGE_KEY = 'shouhu.language';

export function initialLanguage(search = location.search): Language {
  const requested = new URLSearchParams(search).get('lang');
  if (requested) return requested.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode or storage disabled: the choice lasts for this visit only.
  }
}

/** Chinese is bundled; English is fetched only when chosen. */
export async function loadMessages(language: Language): Promise<Messages> {
  if (language === 'en') return (await import('./en')).en;
  return zhCN;
}

export type Params = Record<string, string | number>;

/** A message with its {placeholders} filled in; the key itself when the catalog lacks it. Any catalog: the tablet's or the inbox's. */
export function translate<Key extends string = MessageKey>(messages: Record<Key, string>, key: Key, params?: Params): string {
  const text = messages[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isMessageKey(messages: Messages, key: string): key is MessageKey {
  return Object.hasOwn(messages, key);
}
