// What the engine needs to know about the profile's key, and nothing of where it is kept:
// the desktop shell wraps it with the OS keychain, browser mode with a passphrase, tests fix it.
import { MnemoError } from '../../../shared/errors';
import type { DatabaseKey } from '../store';

/** What protects the database key on disk. */
export type KeyProtection = 'keychain' | 'passphrase' | 'fixed' | 'none';

export interface KeyProvider {
  /** The key the database is opened with; null keeps the profile in plaintext. */
  readonly databaseKey: DatabaseKey | null;
  protection(): KeyProtection;
  /** Whether the key can be protected by the OS keychain here (turning a passphrase off needs it). */
  keychainAvailable(): boolean;
  /** Protects the key with `passphrase` from now on (replacing the keychain or an older passphrase). */
  setPassphrase(passphrase: string): void;
  /** Moves the key's protection back to the OS keychain. */
  removePassphrase(): void;
  /** Forgets the key file (delete-all); the next profile gets a new key. */
  renew(): DatabaseKey | null;
}

/** A key given by the caller (tests, the bench): not stored anywhere, not changeable. */
export function fixedKey(key: DatabaseKey | null): KeyProvider {
  const refuse = () => {
    throw new MnemoError(
      'INVALID_INPUT',
      'This profile was opened with a fixed key (tests, the bench); its protection cannot be changed here.',
    );
  };
  return {
    databaseKey: key,
    protection: () => (key ? 'fixed' : 'none'),
    keychainAvailable: () => false,
    setPassphrase: refuse,
    removePassphrase: refuse,
    renew: () => key,
  };
}
