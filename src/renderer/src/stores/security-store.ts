// Settings → Encryption: how the data is encrypted, and setting, changing or removing the
// passphrase that protects the key. The engine decides; this keeps its answer and its errors.
import { create } from 'zustand';
import type { SecurityStatus } from '../../../shared/contract';
import { getBridge } from '../bridge';
import { toUiError, type UiError } from '../lib/errors';

interface SecurityState {
  status: SecurityStatus | null;
  busy: boolean;
  error: UiError | null;
  notice: string | null;
  load: () => Promise<void>;
  setPassphrase: (passphrase: string) => Promise<boolean>;
  removePassphrase: () => Promise<boolean>;
  keepVectorsInMemory: (inMemory: boolean) => Promise<boolean>;
}

/** What Settings → Encryption shows (read with `useShallow`); actions come from `getState()`. */
export const securitySelectors = {
  view: (s: SecurityState) => ({ status: s.status, busy: s.busy, error: s.error, notice: s.notice }),
};

export const useSecurity = create<SecurityState>((set) => {
  const run = async (work: () => Promise<SecurityStatus>, notice: string): Promise<boolean> => {
    set({ busy: true, error: null, notice: null });
    try {
      set({ status: await work(), notice });
      return true;
    } catch (error) {
      set({ error: toUiError(error) });
      return false;
    } finally {
      set({ busy: false });
    }
  };
  return {
    status: null,
    busy: false,
    error: null,
    notice: null,
    load: async () => {
      try {
        set({ status: await getBridge().call('security.status', {}) });
      } catch (error) {
        set({ error: toUiError(error) });
      }
    },
    setPassphrase: (passphrase) =>
      run(
        () => getBridge().call('security.setPassphrase', { passphrase }),
        'The passphrase now protects your data. Mnemo asks for it at each start.',
      ),
    removePassphrase: () =>
      run(
        () => getBridge().call('security.removePassphrase', {}),
        'The OS keychain protects your data again; no passphrase is asked at start.',
      ),
    keepVectorsInMemory: (inMemory) =>
      run(
        () => getBridge().call('security.keepVectorsInMemory', { inMemory }),
        inMemory
          ? 'The vector index is now kept in memory only; its files were deleted.'
          : 'The vector index is kept on disk again.',
      ),
  };
});
