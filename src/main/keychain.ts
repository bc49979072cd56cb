// The OS keychain for the profile key: Electron's safeStorage, through the engine's adapter
// (engine/keys/safe-storage-keychain.ts, unit-tested with a stand-in for safeStorage).
import { safeStorage } from 'electron';
import { safeStorageKeychain, type Keychain } from './engine/keys';

/** null where no real keychain is reachable: then a passphrase protects the key instead. */
export function electronKeychain(): Keychain | null {
  return safeStorageKeychain(safeStorage, process.platform);
}
