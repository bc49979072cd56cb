export { fixedKey, type KeyProtection, type KeyProvider } from './key-provider';
export { ProfileKeyring, type Keychain, type KeyFile, type UnlockOptions } from './profile-keyring';
export { DEFAULT_SCRYPT, isSealedBox, open as openSealed, seal, type ScryptParams, type SealedBox } from './sealed-box';
export { safeStorageKeychain, type SafeStorageLike } from './safe-storage-keychain';
