// How the window looks and speaks: the colour theme (system, light or dark) and the language
// (system or a chosen one). Both apply at once and are remembered by this window (not engine
// settings, so no Save).
import { useTranslation } from 'react-i18next';
import { LANGUAGE_CHOICES, LANGUAGE_NAMES, systemLanguage, type LanguageChoice } from '../i18n/languages';
import { useUiPrefs, type ThemeChoice } from '../stores/ui-prefs-store';

const THEMES = [
  { value: 'system', key: 'appearance.themeSystem' },
  { value: 'light', key: 'appearance.themeLight' },
  { value: 'dark', key: 'appearance.themeDark' },
] as const satisfies readonly { value: ThemeChoice; key: string }[];

export function SettingsAppearance() {
  const { t } = useTranslation();
  const theme = useUiPrefs((s) => s.theme);
  return (
    <>
      <fieldset className="settings-appearance" data-testid="theme-switch">
        <legend>{t('appearance.theme')}</legend>
        <div className="row wrap">
          {THEMES.map((choice) => (
            <label key={choice.value} className="inline">
              <input
                type="radio"
                name="theme"
                value={choice.value}
                checked={theme === choice.value}
                onChange={() => useUiPrefs.getState().setTheme(choice.value)}
              />
              {t(choice.key)}
            </label>
          ))}
        </div>
      </fieldset>
      <LanguageSwitch />
    </>
  );
}

function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useUiPrefs((s) => s.language);
  const label = (choice: LanguageChoice) =>
    choice === 'system'
      ? t('appearance.languageSystem', { language: LANGUAGE_NAMES[systemLanguage(navigator.languages)] })
      : LANGUAGE_NAMES[choice];
  return (
    <fieldset className="settings-appearance" data-testid="language-switch">
      <legend>{t('appearance.language')}</legend>
      <div className="row wrap">
        {LANGUAGE_CHOICES.map((choice) => (
          <label key={choice} className="inline" lang={choice === 'system' ? undefined : choice}>
            <input
              type="radio"
              name="language"
              value={choice}
              checked={language === choice}
              onChange={() => useUiPrefs.getState().setLanguage(choice)}
            />
            {label(choice)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
