// The OS keychain for the profile key, through Electron's safeStorage (Keychain on macOS, DPAPI
// on Windows, the Secret Service or KWallet on Linux).
import { safeStorage } from 'electron';
import type { Keychain } from './engine/keys';

/** null where no real keychain is reachable: then a passphrase protects the key instead. */
export function electronKeychain(): Keychain | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  // Without a Secret Service or KWallet, Linux's safeStorage encrypts with a fixed, public
  // password: that would only look like protection.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    seal: (secret) => safeStorage.encryptString(secret.toString('base64')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}
