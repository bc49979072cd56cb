// Preferences of this window that the engine has no part in: the colour theme and whether the
// sidebar is collapsed. Kept in the browser's storage (like drafts), so they survive a restart.
import { create } from 'zustand';

export type ThemeChoice = 'system' | 'light' | 'dark';

interface UiPrefsState {
  theme: ThemeChoice;
  /** What the page shows now: the choice, or the system's scheme when the choice is "system". */
  resolvedTheme: 'light' | 'dark';
  sidebarCollapsed: boolean;
  setTheme: (theme: ThemeChoice) => void;
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

function readPrefs(): Pick<UiPrefsState, 'theme' | 'sidebarCollapsed'> {
  const fallback = { theme: 'system' as ThemeChoice, sidebarCollapsed: false };
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(PREFS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!parsed || typeof parsed !== 'object') return fallback;
    const theme =
      'theme' in parsed && THEMES.includes(parsed.theme as ThemeChoice)
        ? (parsed.theme as ThemeChoice)
        : fallback.theme;
    const sidebarCollapsed = 'sidebarCollapsed' in parsed && parsed.sidebarCollapsed === true;
    return { theme, sidebarCollapsed };
  } catch {
    return fallback;
  }
}

function writePrefs({ theme, sidebarCollapsed }: Pick<UiPrefsState, 'theme' | 'sidebarCollapsed'>): void {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ theme, sidebarCollapsed }));
  } catch {
    // Storage unavailable: the choice holds until the window closes.
  }
}
