import type { I18n } from '../../i18n/I18nProvider';
import { isMessageKey } from '../../i18n/language';
import { maxLengthOf } from '../../contract/fieldLimits';

/** The translated text of a schema message key for a field ("error.tooLong" → "Too long: at most 50 characters."). */
export function errorText(i18n: I18n, message: string | undefined, field: string): string {
  if (message && isMessageKey(i18n.messages, message)) {
    return i18n.t(message, { max: maxLengthOf(field) ?? '' });
  }
  return i18n.t('error.invalid');
}
