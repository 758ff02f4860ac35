// The header's language switch, on the tablet and in the agency inbox: one
// button to the other language, named in that language for screen readers.
import { useI18n } from './I18nProvider';

export function LanguageButton() {
  const { t, language, setLanguage } = useI18n();
  return (
    <button
      type="button"
      className="button header-button"
      lang={language === 'en' ? 'zh-CN' : 'en'}
      aria-label={t('nav.languageLabel')}
      onClick={() => setLanguage(language === 'en' ? 'zh-CN' : 'en')}
    >
      <span className="wide-only">{t('nav.language')}</span>
      <span className="narrow-only">{t('nav.languageShort')}</span>
    </button>
  );
}
