// The real profile key: 32 random bytes made with the profile, kept in `mnemo.key` beside the
// database only in wrapped form, by the OS keychain (the desktop app, through Electron's
// safeStorage) or by a key derived from the user's passphrase (scrypt; parameters in the file).
// Changing the passphrase re-wraps this key; the database itself is not rewritten.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MnemoError } from '../../../shared/errors';
import { refusal } from '../problems';
import { databaseFileKind, newDatabaseKey, DATABASE_KEY_BYTES, type DatabaseKey } from '../store';
import type { KeyProtection, KeyProvider } from './key-provider';
import { DEFAULT_SCRYPT, isSealedBox, open, seal, type ScryptParams, type SealedBox } from './sealed-box';

/** The OS keychain as the shell offers it (Electron's safeStorage). */
export interface Keychain {
  seal(secret: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

export interface KeyFile {
  format: 'mnemo-key';
  version: 1;
  protection: 'keychain' | 'passphrase';
  /** base64 of what the keychain returned for the key. */
  keychain?: string;
  sealed?: SealedBox;
}

export interface UnlockOptions {
  /** Where the key file lives (`mnemo.key` in the data folder). */
  keyPath: string;
  /** The database it opens: an encrypted database without a key file is never given a new key. */
  databasePath: string;
  /** null where no OS keychain can be reached (browser mode, or a Linux session without one). */
  keychain: Keychain | null;
  passphrase?: string;
  /** scrypt's cost for passphrases set from now on; DEFAULT_SCRYPT unless a test wants it cheap. */
  scrypt?: ScryptParams;
}

/** Binds the key to its job, so a sealed box from an export cannot pass for a key file. */
const KEY_AAD = Buffer.from('mnemo-key/1');

export class ProfileKeyring implements KeyProvider {
  private constructor(
    private key: DatabaseKey,
    private file: KeyFile,
    private passphrase: string | null,
    private readonly options: UnlockOptions,
  ) {}

  /**
   * Opens (or, for a new or plaintext profile, creates) the profile's key. Throws
   * PASSPHRASE_REQUIRED when a passphrase is needed and was not given (details.newProfile
   * says whether the user must choose one), WRONG_PASSPHRASE, or DB_KEY_MISSING.
   */
  static unlock(options: UnlockOptions): ProfileKeyring {
    if (existsSync(options.keyPath)) return ProfileKeyring.openExisting(options);
    if (databaseFileKind(options.databasePath) === 'encrypted') {
      throw new MnemoError(
        'DB_KEY_MISSING',
        `The data in ${options.databasePath} is encrypted, but its key file (${options.keyPath}) is gone. Nothing was changed: put the key file back (from a backup of the data folder) and start Mnemo again.`,
        { path: options.databasePath, keyPath: options.keyPath },
      );
    }
    const keyring = ProfileKeyring.create(options);
    keyring.save();
    return keyring;
  }

  private static openExisting(options: UnlockOptions): ProfileKeyring {
    const file = readKeyFile(options.keyPath);
    if (file.protection === 'passphrase' && file.sealed) {
      if (options.passphrase === undefined)
        throw new MnemoError(
          'PASSPHRASE_REQUIRED',
          'This profile is protected by a passphrase. Enter it to open your data.',
          { newProfile: false },
        );
      const key = open(file.sealed, options.passphrase, KEY_AAD);
      return new ProfileKeyring(checkedKey(key, options.keyPath), file, options.passphrase, options);
    }
    if (file.protection === 'keychain' && file.keychain) {
      if (!options.keychain) {
        throw new MnemoError(
          'DB_KEY_MISSING',
          "This profile's key is kept by the OS keychain of the desktop app, which cannot be reached here. Open Mnemo's desktop app and set a passphrase in Settings → Encryption; then it opens here with that passphrase. Nothing was changed.",
          { keyPath: options.keyPath, reason: 'keychain-unavailable' },
        );
      }
      let key: Buffer;
      try {
        key = options.keychain.open(Buffer.from(file.keychain, 'base64'));
      } catch (error) {
        throw new MnemoError(
          'DB_KEY_MISSING',
          `The OS keychain could not unwrap this profile's key (its entry is gone, or the data folder came from another account or machine). Nothing was changed. If you had set a passphrase elsewhere, start Mnemo there; otherwise the data cannot be read.`,
          { keyPath: options.keyPath, reason: 'keychain-refused' },
          { cause: error },
        );
      }
      return new ProfileKeyring(checkedKey(key, options.keyPath), file, null, options);
    }
    throw new MnemoError(
      'DB_KEY_MISSING',
      `The key file ${options.keyPath} is damaged. Nothing was changed; put back a copy of it from a backup.`,
      { keyPath: options.keyPath, reason: 'damaged' },
    );
  }

  private static create(options: UnlockOptions): ProfileKeyring {
    const key = newDatabaseKey();
    if (options.passphrase !== undefined)
      return new ProfileKeyring(
        key,
        sealWithPassphrase(key, options.passphrase, options.scrypt),
        options.passphrase,
        options,
      );
    if (options.keychain) return new ProfileKeyring(key, sealWithKeychain(key, options.keychain), null, options);
    throw new MnemoError(
      'PASSPHRASE_REQUIRED',
      'Choose a passphrase to encrypt your data: no OS keychain can keep the key here.',
      { newProfile: true },
    );
  }

  get databaseKey(): DatabaseKey {
    return this.key;
  }

  protection(): KeyProtection {
    return this.file.protection;
  }

  keychainAvailable(): boolean {
    return this.options.keychain !== null;
  }

  setPassphrase(passphrase: string): void {
    if (passphrase.length < 8) throw refusal({ code: 'passphraseShort', min: 8 });
    this.replace(sealWithPassphrase(this.key, passphrase, this.options.scrypt), passphrase);
  }

  removePassphrase(): void {
    if (!this.options.keychain) throw refusal({ code: 'passphraseMustStay' });
    this.replace(sealWithKeychain(this.key, this.options.keychain), null);
  }

  renew(): DatabaseKey {
    this.key = newDatabaseKey();
    this.file =
      this.passphrase !== null
        ? sealWithPassphrase(this.key, this.passphrase, this.options.scrypt)
        : sealWithKeychain(this.key, this.requireKeychain());
    this.save();
    return this.key;
  }

  private replace(file: KeyFile, passphrase: string | null): void {
    this.file = file;
    this.passphrase = passphrase;
    this.save();
  }

  private requireKeychain(): Keychain {
    if (!this.options.keychain) throw new MnemoError('INTERNAL', 'The OS keychain is not available.');
    return this.options.keychain;
  }

  /** Written to a temporary file, synced and renamed: a crash leaves the old key file or the new, never half of one. */
  private save(): void {
    const temporary = `${this.options.keyPath}.new`;
    writeFileSync(temporary, `${JSON.stringify(this.file, null, 2)}\n`, { mode: 0o600 });
    syncPath(temporary);
    renameSync(temporary, this.options.keyPath);
    syncPath(dirname(this.options.keyPath));
  }
}

function sealWithPassphrase(key: DatabaseKey, passphrase: string, params: ScryptParams = DEFAULT_SCRYPT): KeyFile {
  return { format: 'mnemo-key', version: 1, protection: 'passphrase', sealed: seal(key, passphrase, params, KEY_AAD) };
}

function sealWithKeychain(key: DatabaseKey, keychain: Keychain): KeyFile {
  return { format: 'mnemo-key', version: 1, protection: 'keychain', keychain: keychain.seal(key).toString('base64') };
}

function readKeyFile(path: string): KeyFile {
  try {
    const file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
    // A box with costs past the ceiling is refused like any damage, before scrypt runs.
    if (file.format === 'mnemo-key' && file.version === 1 && (file.sealed === undefined || isSealedBox(file.sealed)))
      return file;
  } catch {
    // reported below
  }
  throw new MnemoError(
    'DB_KEY_MISSING',
    `The key file ${path} is damaged or not a Mnemo key file. Nothing was changed; put back a copy of it from a backup.`,
    { keyPath: path, reason: 'damaged' },
  );
}

function checkedKey(key: Buffer, keyPath: string): DatabaseKey {
  if (key.length !== DATABASE_KEY_BYTES)
    throw new MnemoError('DB_KEY_MISSING', `The key in ${keyPath} has the wrong length. Nothing was changed.`, {
      keyPath,
      reason: 'damaged',
    });
  return key;
}

function syncPath(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be synced on every platform; the rename still happened.
  }
}
