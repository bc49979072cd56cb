// The OS keychain as Electron's safeStorage offers it (Keychain on macOS, DPAPI on Windows,
// the Secret Service or KWallet on Linux), described by shape only: the engine never imports
// electron, and tests hand in a stand-in. src/main/keychain.ts passes the real one.
import type { Keychain } from './profile-keyring';

/** The part of Electron's `safeStorage` the profile key needs. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: which store encrypts ('basic_text' is a fixed, public password). */
  getSelectedStorageBackend(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** null where no real keychain is reachable: then a passphrase protects the key instead. */
export function safeStorageKeychain(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Keychain | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  // Without a Secret Service or KWallet, Linux's safeStorage encrypts with a fixed, public
  // password: that would only look like protection.
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    seal: (secret) => safeStorage.encryptString(secret.toString('base64')),
    open: (sealed) => Buffer.from(safeStorage.decryptString(sealed), 'base64'),
  };
}
