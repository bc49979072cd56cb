// Settings → Encryption: how the data is encrypted, and setting, changing or removing the
// passphrase that protects the key. The engine decides; this keeps its answer and its errors.
import { create } from 'zustand';
import type { SecurityStatus } from '../../../shared/contract';
import { getBridge } from '../bridge';
import { toUiError, type UiError } from '../lib/errors';
import { t } from '../i18n';

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
      run(() => getBridge().call('security.setPassphrase', { passphrase }), t('security.passphraseSet')),
    removePassphrase: () =>
      run(() => getBridge().call('security.removePassphrase', {}), t('security.passphraseRemoved')),
    keepVectorsInMemory: (inMemory) =>
      run(
        () => getBridge().call('security.keepVectorsInMemory', { inMemory }),
        inMemory ? t('security.vectorsInMemory') : t('security.vectorsOnDisk'),
      ),
  };
});
