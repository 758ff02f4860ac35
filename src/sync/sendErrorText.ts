// The last send error in plain language, with the receiver's field problems named by their labels.
import type { I18n } from '../i18n/I18nProvider';
import { isMessageKey } from '../i18n/language';
import type { SendError } from '../storage/db';

export function sendErrorText(i18n: I18n, error: SendError): string {
  const { t, messages } = i18n;
  const headline = t(`sendError.${error.kind}`, { status: error.status ?? '—' });
  if (error.kind !== 'rejected') return headline;
  const fields = (error.fields ?? []).map(({ path, message }) => {
    const label = isMessageKey(messages, path) ? t(path) : path;
    const problem = isMessageKey(messages, message) ? t(message, { max: '' }) : message;
    return `${label}: ${problem}`;
  });
  // The receiver's own words are shown as text, never as markup.
  const detail = fields.length > 0 ? fields.join('；') : (error.message ?? '');
  return detail ? `${headline} ${detail}` : headline;
}
