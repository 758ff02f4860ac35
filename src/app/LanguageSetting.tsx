// The language of the app, in Settings as well as in the header; kept on this tablet.
import { useI18n } from '../i18n/I18nProvider';
import type { Language } from '../i18n/language';

const LANGUAGES: readonly { code: Language; name: string; lang: string }[] = [
  { code: 'zh-CN', name: '中文', lang: 'zh-CN' },
  { code: 'en', name: 'English', lang: 'en' },
];

export function LanguageSetting() {
  const { t, language, setLanguage } = useI18n();
  return (
    <fieldset className="field choice-group">
      <legend>
        <h3 className="legend-heading">{t('settings.language')}</h3>
      </legend>
      <div className="choices">
        {LANGUAGES.map((option) => (
          <label key={option.code} className="choice">
            <input
              type="radio"
              name="language"
              value={option.code}
              checked={language === option.code}
              onChange={() => setLanguage(option.code)}
            />
            <span lang={option.lang}>{option.name}</span>
          </label>
        ))}
      </div>
      <p className="hint">{t('settings.languageSaved')}</p>
    </fieldset>
  );
}
