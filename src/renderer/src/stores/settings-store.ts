// The engine's settings, loaded once and saved through 'settings.update', whose validation
// errors are kept for the form to show beside the fields.
import { create } from 'zustand';
import type { MethodInput, SettingsView } from '../../../shared/contract';
import { getBridge } from '../bridge';
import { toUiError, type UiError } from '../lib/errors';

interface SettingsState {
  settings: SettingsView | null;
  loadError: string | null;
  saveError: UiError | null;
  saving: boolean;
  savedAt: number | null;
  load: () => Promise<void>;
  save: (patch: MethodInput<'settings.update'>) => Promise<boolean>;
}

export const useSettings = create<SettingsState>((set) => ({
  settings: null,
  loadError: null,
  saveError: null,
  saving: false,
  savedAt: null,
  load: async () => {
    try {
      set({ settings: await getBridge().call('settings.get', {}), loadError: null });
    } catch (error) {
      set({ loadError: toUiError(error).message });
    }
  },
  save: async (patch) => {
    set({ saving: true, saveError: null });
    try {
      const settings = await getBridge().call('settings.update', patch);
      set({ settings, savedAt: Date.now() });
      return true;
    } catch (error) {
      set({ saveError: toUiError(error) });
      return false;
    } finally {
      set({ saving: false });
    }
  },
}));

/** Fields the engine named in a validation error (details.issues), for aria-invalid. */
export function invalidFields(error: UiError | null): Set<string> {
  const issues = error?.details?.issues;
  return new Set(Array.isArray(issues) ? issues.filter((i): i is string => typeof i === 'string').map((i) => i.split('.')[0] ?? i) : []);
}
