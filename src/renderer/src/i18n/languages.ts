// The languages the UI speaks, and which one a person gets: their choice in Settings, else the
// first of the system's languages (navigator.languages, filled by Electron from the OS) we have.

export const UI_LANGUAGES = ['en', 'zh-CN'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];
export type LanguageChoice = 'system' | UiLanguage;

export const LANGUAGE_CHOICES: readonly LanguageChoice[] = ['system', ...UI_LANGUAGES];
export const FALLBACK_LANGUAGE: UiLanguage = 'en';

/** Each language's own name: a person who cannot read the current language still finds theirs. */
export const LANGUAGE_NAMES: Record<UiLanguage, string> = { en: 'English', 'zh-CN': '简体中文' };

/**
 * The first system language we have a translation for. Every Chinese tag gets Simplified
 * Chinese (the only Chinese we ship; a Traditional reader reads it more easily than English).
 */
export function systemLanguage(preferred: readonly string[]): UiLanguage {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'zh') return 'zh-CN';
    if (base === 'en') return 'en';
  }
  return FALLBACK_LANGUAGE;
}

export function resolveLanguage(choice: LanguageChoice, preferred: readonly string[]): UiLanguage {
  return choice === 'system' ? systemLanguage(preferred) : choice;
}

export function isLanguageChoice(value: unknown): value is LanguageChoice {
  return typeof value === 'string' && (LANGUAGE_CHOICES as readonly string[]).includes(value);
}
