// Preferences of this window that the engine has no part in: the colour theme, the language and
// whether the sidebar is collapsed. Kept in the browser's storage (like drafts), so they survive a restart.
import { create } from 'zustand';
import { applyLanguage } from '../i18n';
import { isLanguageChoice, resolveLanguage, type LanguageChoice } from '../i18n/languages';

export type ThemeChoice = 'system' | 'light' | 'dark';

interface UiPrefsState {
  theme: ThemeChoice;
  /** What the page shows now: the choice, or the system's scheme when the choice is "system". */
  resolvedTheme: 'light' | 'dark';
  sidebarCollapsed: boolean;
  /** The UI's language: the system's (the default) or one chosen in Settings. */
  language: LanguageChoice;
  setTheme: (theme: ThemeChoice) => void;
  setLanguage: (language: LanguageChoice) => void;
  setSidebarCollapsed: (collapsed: boolean) => void;
}

const PREFS_KEY = 'mnemo.ui-prefs';
const THEMES: readonly ThemeChoice[] = ['system', 'light', 'dark'];

const darkQuery = () => (typeof window === 'undefined' ? null : window.matchMedia('(prefers-color-scheme: dark)'));
const resolve = (theme: ThemeChoice): 'light' | 'dark' =>
  theme === 'system' ? (darkQuery()?.matches ? 'dark' : 'light') : theme;

export const useUiPrefs = create<UiPrefsState>((set, get) => ({
  ...readPrefs(),
  resolvedTheme: resolve(readPrefs().theme),
  setTheme: (theme) => {
    set({ theme, resolvedTheme: resolve(theme) });
    writePrefs(get());
  },
  setLanguage: (language) => {
    set({ language });
    writePrefs(get());
  },
  setSidebarCollapsed: (sidebarCollapsed) => {
    set({ sidebarCollapsed });
    writePrefs(get());
  },
}));

/**
 * Keeps the page's `data-theme` (which the styles follow) on the resolved theme: at once, when
 * the user chooses, and when the system switches while the choice is "system".
 */
export function watchTheme(root: HTMLElement = document.documentElement): () => void {
  const media = darkQuery();
  const onSystemChange = () => useUiPrefs.setState({ resolvedTheme: resolve(useUiPrefs.getState().theme) });
  media?.addEventListener('change', onSystemChange);
  root.dataset['theme'] = useUiPrefs.getState().resolvedTheme;
  const unsubscribe = useUiPrefs.subscribe((state) => (root.dataset['theme'] = state.resolvedTheme));
  return () => {
    media?.removeEventListener('change', onSystemChange);
    unsubscribe();
  };
}

/** The system's languages, most preferred first (Electron fills them from the OS). */
const systemLanguages = (): readonly string[] => (typeof navigator === 'undefined' ? [] : navigator.languages);

/**
 * Keeps i18next and the page's `lang` on the chosen language: at once on start (before the first
 * paint) and whenever the choice changes — every mounted view re-renders, nothing reloads.
 */
export function watchLanguage(root: HTMLElement = document.documentElement): () => void {
  const apply = (choice: LanguageChoice) => applyLanguage(resolveLanguage(choice, systemLanguages()), root);
  apply(useUiPrefs.getState().language);
  const onSystemChange = () => apply(useUiPrefs.getState().language);
  window.addEventListener('languagechange', onSystemChange);
  const unsubscribe = useUiPrefs.subscribe((state, previous) => {
    if (state.language !== previous.language) apply(state.language);
  });
  return () => {
    window.removeEventListener('languagechange', onSystemChange);
    unsubscribe();
  };
}

type StoredPrefs = Pick<UiPrefsState, 'theme' | 'sidebarCollapsed' | 'language'>;

function readPrefs(): StoredPrefs {
  const fallback: StoredPrefs = { theme: 'system', sidebarCollapsed: false, language: 'system' };
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(PREFS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!parsed || typeof parsed !== 'object') return fallback;
    const theme =
      'theme' in parsed && THEMES.includes(parsed.theme as ThemeChoice)
        ? (parsed.theme as ThemeChoice)
        : fallback.theme;
    const sidebarCollapsed = 'sidebarCollapsed' in parsed && parsed.sidebarCollapsed === true;
    const language = 'language' in parsed && isLanguageChoice(parsed.language) ? parsed.language : fallback.language;
    return { theme, sidebarCollapsed, language };
  } catch {
    return fallback;
  }
}

function writePrefs({ theme, sidebarCollapsed, language }: StoredPrefs): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ theme, sidebarCollapsed, language }));
  } catch {
    // Storage unavailable: the choice holds until the window closes.
  }
}
