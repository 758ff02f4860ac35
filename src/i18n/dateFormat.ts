// One date format per language, everywhere: 2026年11月22日 08:30 in Chinese,
// 22 Nov 2026, 08:30 in English (day first, 24-hour, as a form here reads it;
// never the month-first US order). Receipts in two languages use both.
import type { Language } from './language';

const LOCALES: Record<Language, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

export function dateTimeFormatter(language: Language): (value: string | number | Date) => string {
  return formatterOf(new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeStyle: 'short' }));
}

export function dateFormatter(language: Language): (value: string | number | Date) => string {
  return formatterOf(new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium' }));
}

function formatterOf(format: Intl.DateTimeFormat) {
  return (value: string | number | Date) => {
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? String(value) : format.format(date);
  };
}
