// The profile key on disk: only ever wrapped (by the keychain or a passphrase), a wrong
// passphrase or a missing key refused with its own code and the key file left as it was,
// the passphrase changed or removed without touching the database.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileKeyring, type Keychain, type UnlockOptions } from '../../../src/main/engine/keys';
import { Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir } from '../../support/store';

/** Stands in for Electron's safeStorage (no Electron binary runs here): AES-GCM under a key of "the OS". */
function testKeychain(): Keychain {
  const osKey = randomBytes(32);
  return {
    seal: (secret) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', osKey, iv);
      return Buffer.concat([iv, cipher.update(secret), cipher.final(), cipher.getAuthTag()]);
    },
    open: (sealed) => {
      const decipher = createDecipheriv('aes-256-gcm', osKey, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(-16));
      return Buffer.concat([decipher.update(sealed.subarray(12, -16)), decipher.final()]);
    },
  };
}

describe('the profile key', () => {
  let dir: ReturnType<typeof tempDir>;
  let options: UnlockOptions;
  beforeEach(() => {
    dir = tempDir();
    // scrypt at a test's cost (the first test checks the real default).
    options = {
      keyPath: join(dir.path, 'mnemo.key'),
      databasePath: join(dir.path, 'mnemo.sqlite'),
      keychain: null,
      scrypt: { N: 2 ** 12, r: 8, p: 1 },
    };
  });
  afterEach(() => dir.remove());

  const openStore = (keyring: ProfileKeyring) =>
    Store.open(options.databasePath, storeDeps(), { key: keyring.databaseKey });

  it('a new profile with a passphrase: the key file holds no key in clear, is private to the user, and the passphrase opens it again', () => {
    const { scrypt: _cheap, ...defaults } = options;
    const keyring = ProfileKeyring.unlock({ ...defaults, passphrase: 'correct horse battery' });
    const fileText = readFileSync(options.keyPath, 'utf8');
    expect(fileText).not.toContain(keyring.databaseKey.toString('hex'));
    expect(fileText).not.toContain(keyring.databaseKey.toString('base64'));
    expect(JSON.parse(fileText)).toMatchObject({
      protection: 'passphrase',
      sealed: { kdf: 'scrypt', scrypt: { N: 2 ** 17, r: 8, p: 1 } },
    });
    if (process.platform !== 'win32') expect(statSync(options.keyPath).mode & 0o077).toBe(0);
    expect(
      ProfileKeyring.unlock({ ...options, passphrase: 'correct horse battery' }).databaseKey.equals(
        keyring.databaseKey,
      ),
    ).toBe(true);
  });

  it('a key file whose box asks scrypt for more than the ceiling, or is not a box, is refused as damaged, untouched', () => {
    ProfileKeyring.unlock({ ...options, passphrase: 'correct horse battery' });
    const original = readFileSync(options.keyPath, 'utf8');
    const damaged = [
      (sealed: Record<string, unknown>) => delete sealed.iv,
      // 32 × the default's work (unchecked, it is derived at length and then fails as WRONG_PASSPHRASE).
      (sealed: Record<string, unknown>) => (sealed.scrypt = { N: 2 ** 12, r: 8, p: 1024 }),
    ];
    for (const damage of damaged) {
      const file = JSON.parse(original) as { sealed: Record<string, unknown> };
      damage(file.sealed);
      writeFileSync(options.keyPath, JSON.stringify(file));
      expect(() => ProfileKeyring.unlock({ ...options, passphrase: 'correct horse battery' })).toThrow(
        expect.objectContaining({ code: 'DB_KEY_MISSING', details: expect.objectContaining({ reason: 'damaged' }) }),
      );
      expect(readFileSync(options.keyPath, 'utf8')).toBe(JSON.stringify(file));
    }
  });

  it('a wrong passphrase, or none: typed errors, the key file byte-identical', () => {
    ProfileKeyring.unlock({ ...options, passphrase: 'correct horse battery' });
    const before = readFileSync(options.keyPath);
    expect(() => ProfileKeyring.unlock({ ...options, passphrase: 'correct horse batterY' })).toThrow(
      expect.objectContaining({ code: 'WRONG_PASSPHRASE' }),
    );
    expect(() => ProfileKeyring.unlock(options)).toThrow(
      expect.objectContaining({ code: 'PASSPHRASE_REQUIRED', details: { newProfile: false } }),
    );
    expect(readFileSync(options.keyPath).equals(before)).toBe(true);
  });

  it('a new profile with neither keychain nor passphrase asks for a passphrase to be chosen, and writes nothing', () => {
    expect(() => ProfileKeyring.unlock(options)).toThrow(
      expect.objectContaining({ code: 'PASSPHRASE_REQUIRED', details: { newProfile: true } }),
    );
    expect(existsSync(options.keyPath)).toBe(false);
  });

  it('the keychain wraps the key by default; a passphrase can replace it and be removed again, and the database opens all along', () => {
    const keychain = testKeychain();
    const keyring = ProfileKeyring.unlock({ ...options, keychain });
    expect(keyring.protection()).toBe('keychain');
    const store = openStore(keyring);
    store.conversations.create({ title: 'still here' });
    store.close();

    keyring.setPassphrase('a new passphrase');
    expect(() => ProfileKeyring.unlock({ ...options, keychain })).toThrow(
      expect.objectContaining({ code: 'PASSPHRASE_REQUIRED' }),
    );
    const withPassphrase = ProfileKeyring.unlock({ ...options, keychain, passphrase: 'a new passphrase' });
    expect(withPassphrase.protection()).toBe('passphrase');
    withPassphrase.setPassphrase('another one, changed');
    expect(() => ProfileKeyring.unlock({ ...options, keychain, passphrase: 'a new passphrase' })).toThrow(
      expect.objectContaining({ code: 'WRONG_PASSPHRASE' }),
    );

    const changed = ProfileKeyring.unlock({ ...options, keychain, passphrase: 'another one, changed' });
    changed.removePassphrase();
    const back = ProfileKeyring.unlock({ ...options, keychain });
    expect(back.protection()).toBe('keychain');
    const reopened = openStore(back);
    expect(reopened.conversations.list().map((c) => c.title)).toEqual(['still here']);
    reopened.close();
  });

  it('too short a passphrase is refused; without a keychain the passphrase cannot be removed', () => {
    const keyring = ProfileKeyring.unlock({ ...options, passphrase: 'correct horse battery' });
    expect(() => keyring.setPassphrase('short')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => keyring.removePassphrase()).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(ProfileKeyring.unlock({ ...options, passphrase: 'correct horse battery' }).protection()).toBe('passphrase');
  });

  it('an encrypted database whose key file is gone: DB_KEY_MISSING, and no new key is made for it', () => {
    const store = openStore(ProfileKeyring.unlock({ ...options, keychain: testKeychain() }));
    store.close();
    rmSync(options.keyPath);
    const before = readFileSync(options.databasePath);
    expect(() => ProfileKeyring.unlock({ ...options, keychain: testKeychain() })).toThrow(
      expect.objectContaining({ code: 'DB_KEY_MISSING' }),
    );
    expect(existsSync(options.keyPath)).toBe(false);
    expect(readFileSync(options.databasePath).equals(before)).toBe(true);
  });

  it('a keychain that cannot unwrap the key (another machine, entry gone), or no keychain at all: DB_KEY_MISSING', () => {
    ProfileKeyring.unlock({ ...options, keychain: testKeychain() });
    expect(() => ProfileKeyring.unlock({ ...options, keychain: testKeychain() })).toThrow(
      expect.objectContaining({
        code: 'DB_KEY_MISSING',
        details: expect.objectContaining({ reason: 'keychain-refused' }),
      }),
    );
    expect(() => ProfileKeyring.unlock(options)).toThrow(
      expect.objectContaining({
        code: 'DB_KEY_MISSING',
        details: expect.objectContaining({ reason: 'keychain-unavailable' }),
      }),
    );
  });
});
