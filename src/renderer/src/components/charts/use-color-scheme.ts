// The page's colour scheme (the user's theme choice, or the system's), as a value that changes
// when either does, so charts redraw with the other theme's colours.
import { useUiPrefs } from '../../stores/ui-prefs-store';

export function useColorScheme(): 'light' | 'dark' {
  return useUiPrefs((s) => s.resolvedTheme);
}
