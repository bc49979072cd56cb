// The colour theme: follow the system, or always light, or always dark. Applies at once and is
// remembered by this window (not one of the engine's settings, so no Save).
import { useUiPrefs, type ThemeChoice } from '../stores/ui-prefs-store';

const CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'Same as the system' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

export function SettingsAppearance() {
  const theme = useUiPrefs((s) => s.theme);
  return (
    <fieldset className="settings-appearance" data-testid="theme-switch">
      <legend>Theme</legend>
      <div className="row wrap">
        {CHOICES.map((choice) => (
          <label key={choice.value} className="inline">
            <input
              type="radio"
              name="theme"
              value={choice.value}
              checked={theme === choice.value}
              onChange={() => useUiPrefs.getState().setTheme(choice.value)}
            />
            {choice.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
