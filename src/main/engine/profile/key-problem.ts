// The key's side of the start-up problem screen: the shell unlocks the profile's key before the
// engine opens, and a key it cannot unlock becomes a reason on the same screen (with a
// passphrase field where one is wanted) instead of a window or prompt of its own.
import { hasErrorCode, isMnemoError } from '../../../shared/errors';
import type { ProfileProblem } from '../../../shared/profile';
import { listBackups, type ProfilePaths } from './inspect';

/** The problem an unlock error stands for, or null when it is not about the key. */
export function keyUnlockProblem(error: unknown, paths: ProfilePaths): ProfileProblem | null {
  const base = { dataDir: paths.dataDir, backups: listBackups(paths.backups), detail: null };
  if (hasErrorCode(error, 'PASSPHRASE_REQUIRED')) {
    const newProfile = isMnemoError(error) && error.details?.['newProfile'] === true;
    return newProfile
      ? {
          ...base,
          reason: 'passphrase-required',
          message:
            'Mnemo encrypts your data. Choose a passphrase to protect its key: without it the data cannot be read, so keep it safe.',
          actions: ['choose-passphrase'],
        }
      : {
          ...base,
          reason: 'passphrase-required',
          message: 'Your data is encrypted and its key is protected by a passphrase. Enter it to open your data.',
          actions: ['enter-passphrase'],
        };
  }
  if (hasErrorCode(error, 'WRONG_PASSPHRASE')) {
    return {
      ...base,
      reason: 'wrong-passphrase',
      message:
        'The passphrase Mnemo was given did not unlock this data. Enter the one that protects it; nothing is changed meanwhile.',
      actions: ['enter-passphrase'],
    };
  }
  if (hasErrorCode(error, 'DB_KEY_MISSING')) {
    // Start fresh is last and sets the file aside: the key may still turn up.
    return {
      ...base,
      reason: 'key-missing',
      message: isMnemoError(error) ? error.message : 'The key of your encrypted data was not found.',
      actions: ['try-again', 'start-fresh'],
    };
  }
  return null;
}
