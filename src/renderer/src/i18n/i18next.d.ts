// Typed keys: t('a.missing.key') does not compile, so a renamed or mistyped key is caught by tsc.
import 'i18next';
import type en from './locales/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
