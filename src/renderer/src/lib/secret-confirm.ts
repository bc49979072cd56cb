// Saving to memory: when the engine says the text looks like a secret (SECRET_DETECTED), ask
// the user, and save only if they confirm. Every user save to memory goes through this.
import { useConfirm } from '../stores/confirm-store';
import { t } from '../i18n';
import { localErrorText, toUiError } from './errors';

/** Runs `save(false)`; on a secret warning asks, then `save(true)`. Null when the user declined. */
export async function saveConfirmingSecrets<T>(save: (confirmSecret: boolean) => Promise<T>): Promise<T | null> {
  try {
    return await save(false);
  } catch (error) {
    const failure = toUiError(error);
    if (failure.code !== 'SECRET_DETECTED') throw error;
    const yes = await useConfirm
      .getState()
      .ask({ title: t('secret.title'), body: localErrorText(failure), confirmLabel: t('secret.saveAnyway') });
    return yes ? await save(true) : null;
  }
}
