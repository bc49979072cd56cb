// The UI's translations: i18next with both locales bundled (a desktop app has nothing to fetch),
// English as the fallback for any key a locale lacks. `t` outside React (stores, lib) reads the
// current language at the time it is called.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { FALLBACK_LANGUAGE, type UiLanguage } from './languages';

export const resources = { en: { translation: en }, 'zh-CN': { translation: zhCN } } as const;

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources,
  lng: FALLBACK_LANGUAGE,
  fallbackLng: FALLBACK_LANGUAGE,
  supportedLngs: Object.keys(resources),
  // React escapes what it renders; escaping here too would show &amp; to the user.
  interpolation: { escapeValue: false },
  initAsync: false,
});

export const t = i18n.t.bind(i18n);

/** Switches every mounted component (through react-i18next) and the page's lang attribute. */
export function applyLanguage(
  language: UiLanguage,
  root: HTMLElement | null = globalThis.document?.documentElement,
): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  if (root) root.lang = language;
}

export { LANGUAGE_NAMES, type LanguageChoice, type UiLanguage } from './languages';
