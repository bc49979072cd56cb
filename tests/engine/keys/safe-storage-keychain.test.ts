// The desktop app's key path, without Electron (no Electron binary runs here): the adapter
// that turns safeStorage into the profile's keychain, driven through a stand-in that behaves
// like safeStorage (an OS-held secret, a foreign blob refused), from a new profile to the
// start-up problem screen. src/main/keychain.ts only passes the real safeStorage in.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ProfileKeyring,
  safeStorageKeychain,
  type SafeStorageLike,
  type UnlockOptions,
} from '../../../src/main/engine/keys';
import { dataPaths } from '../../../src/main/engine/engine';
import { keyUnlockProblem } from '../../../src/main/engine/profile/key-problem';
import { Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir } from '../../support/store';

/** Like Electron's safeStorage: strings sealed under a secret the OS keeps for this user and machine. */
class FakeSafeStorage implements SafeStorageLike {
  readonly calls: string[] = [];
  constructor(
    private readonly machineSecret = randomBytes(32),
    public available = true,
    public backend = 'gnome_libsecret',
  ) {}

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  encryptString(plainText: string): Buffer {
    this.calls.push('encrypt');
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.machineSecret, iv);
    return Buffer.concat([
      Buffer.from('v11'),
      iv,
      cipher.update(plainText, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
  }

  decryptString(encrypted: Buffer): string {
    this.calls.push('decrypt');
    const body = encrypted.subarray(3);
    const decipher = createDecipheriv('aes-256-gcm', this.machineSecret, body.subarray(0, 12));
    decipher.setAuthTag(body.subarray(-16));
    try {
      return Buffer.concat([decipher.update(body.subarray(12, -16)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }
}

describe('the OS keychain through safeStorage', () => {
  let dir: ReturnType<typeof tempDir>;
  let options: UnlockOptions;
  beforeEach(() => {
    dir = tempDir();
    options = {
      keyPath: join(dir.path, 'mnemo.key'),
      databasePath: join(dir.path, 'mnemo.sqlite'),
      keychain: null,
      scrypt: { N: 2 ** 12, r: 8, p: 1 },
    };
  });
  afterEach(() => dir.remove());

  it('is used where the OS offers real encryption, and refused where it does not (Linux basic_text, none at all)', () => {
    expect(safeStorageKeychain(new FakeSafeStorage(), 'linux')).not.toBeNull();
    expect(safeStorageKeychain(new FakeSafeStorage(undefined, true, 'kwallet5'), 'linux')).not.toBeNull();
    expect(safeStorageKeychain(new FakeSafeStorage(undefined, true, 'basic_text'), 'linux')).toBeNull();
    // The backend is a Linux notion: elsewhere the OS store is always a real one.
    expect(safeStorageKeychain(new FakeSafeStorage(undefined, true, 'unknown'), 'darwin')).not.toBeNull();
    expect(safeStorageKeychain(new FakeSafeStorage(undefined, false), 'win32')).toBeNull();
  });

  it('a new desktop profile is keyed silently: the key file holds only what safeStorage sealed, and the same OS opens it again', () => {
    const os = new FakeSafeStorage();
    const created = ProfileKeyring.unlock({ ...options, keychain: safeStorageKeychain(os, 'linux') });
    expect(created.protection()).toBe('keychain');
    expect(os.calls).toEqual(['encrypt']);
    const keyFile = readFileSync(options.keyPath, 'utf8');
    expect(keyFile).not.toContain(created.databaseKey.toString('hex'));
    expect(keyFile).not.toContain(created.databaseKey.toString('base64'));
    const store = Store.open(options.databasePath, storeDeps(), { key: created.databaseKey });
    store.conversations.create({ title: 'Desktop profile' });
    store.close();

    const reopened = ProfileKeyring.unlock({ ...options, keychain: safeStorageKeychain(os, 'linux') });
    expect(reopened.databaseKey.equals(created.databaseKey)).toBe(true);
    const again = Store.open(options.databasePath, storeDeps(), { key: reopened.databaseKey });
    expect(again.conversations.list().map((c) => c.title)).toEqual(['Desktop profile']);
    again.close();
  });

  it("another machine's keychain, or one gone unavailable: the start-up screen says the key is missing, and nothing is written", () => {
    ProfileKeyring.unlock({ ...options, keychain: safeStorageKeychain(new FakeSafeStorage(), 'linux') });
    const before = readFileSync(options.keyPath);
    const paths = dataPaths(dir.path);

    const elsewhere = catchError(() =>
      ProfileKeyring.unlock({ ...options, keychain: safeStorageKeychain(new FakeSafeStorage(), 'linux') }),
    );
    expect(elsewhere).toMatchObject({ code: 'DB_KEY_MISSING', details: { reason: 'keychain-refused' } });
    expect(keyUnlockProblem(elsewhere, paths)).toMatchObject({
      reason: 'key-missing',
      actions: ['try-again', 'start-fresh'],
    });

    const locked = catchError(() =>
      ProfileKeyring.unlock({
        ...options,
        keychain: safeStorageKeychain(new FakeSafeStorage(undefined, false), 'linux'),
      }),
    );
    expect(locked).toMatchObject({ code: 'DB_KEY_MISSING', details: { reason: 'keychain-unavailable' } });
    expect(keyUnlockProblem(locked, paths)).toMatchObject({ reason: 'key-missing' });
    expect(readFileSync(options.keyPath).equals(before)).toBe(true);
  });

  it('a desktop without a usable keychain asks for a passphrase to be chosen, and that passphrase then opens the profile', () => {
    const noKeychain = safeStorageKeychain(new FakeSafeStorage(undefined, true, 'basic_text'), 'linux');
    const first = catchError(() => ProfileKeyring.unlock({ ...options, keychain: noKeychain }));
    expect(keyUnlockProblem(first, dataPaths(dir.path))).toMatchObject({
      reason: 'passphrase-required',
      actions: ['choose-passphrase'],
    });
    const chosen = ProfileKeyring.unlock({ ...options, keychain: noKeychain, passphrase: 'lighthouse keeper 42' });
    expect(chosen.protection()).toBe('passphrase');
    expect(
      ProfileKeyring.unlock({
        ...options,
        keychain: noKeychain,
        passphrase: 'lighthouse keeper 42',
      }).databaseKey.equals(chosen.databaseKey),
    ).toBe(true);
  });
});

function catchError(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
