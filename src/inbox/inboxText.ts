// The inbox's own words (i18n/inboxZhCN.ts, inboxEn.ts) in the language the
// page shows; the report's labels and code lists come from useI18n's `t`.
import { useI18n } from '../i18n/I18nProvider';
import { inboxEn } from '../i18n/inboxEn';
import { translate, type Params } from '../i18n/language';
import { inboxZhCN, type InboxMessageKey } from '../i18n/inboxZhCN';

export type InboxText = (key: InboxMessageKey, params?: Params) => string;

export function useInboxText(): InboxText {
  const { language } = useI18n();
  const messages = language === 'en' ? inboxEn : inboxZhCN;
  return (key, params) => translate<InboxMessageKey>(messages, key, params);
}
