// The key's reasons on the one start-up problem screen: a wrong or missing key is reported as
// a key problem, never as a damaged file, offers "try again" before "start fresh", and leaves
// every byte of the data folder as it was; a passphrase typed on the screen unlocks the profile.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecoveryApi } from '../../../src/main/engine/api/recovery-api';
import { dataPaths } from '../../../src/main/engine/engine';
import { ProfileKeyring, type KeyProvider, type UnlockOptions } from '../../../src/main/engine/keys';
import { inspectProfile, keyUnlockProblem, type ProfilePaths } from '../../../src/main/engine/profile';
import { Store } from '../../../src/main/engine/store';
import type { ProfileProblem } from '../../../src/shared/profile';
import { storeDeps, tempDir } from '../../support/store';

const PASSPHRASE = 'correct horse battery staple';

/** sha256 of every file in the folder, by name. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return files;
}

describe('start-up problems of the key', () => {
  let dir: ReturnType<typeof tempDir>;
  let paths: ProfilePaths;
  let unlockOptions: UnlockOptions;
  let key: Buffer;
  beforeEach(() => {
    dir = tempDir('mnemo-startup-key-');
    paths = dataPaths(dir.path);
    unlockOptions = {
      keyPath: paths.key,
      databasePath: paths.database,
      keychain: null,
      scrypt: { N: 2 ** 12, r: 8, p: 1 },
    };
    const keyring = ProfileKeyring.unlock({ ...unlockOptions, passphrase: PASSPHRASE });
    key = keyring.databaseKey;
    const store = Store.open(paths.database, storeDeps(), { key });
    store.conversations.create({ title: 'Kept' });
    store.close();
  });
  afterEach(() => dir.remove());

  it('a key that does not decrypt the file is "wrong-key", not damaged: try again first, nothing offered that rewrites it, no byte changed', () => {
    const before = snapshot(dir.path);
    const problem = inspectProfile(paths, { key: randomBytes(32) });
    expect(problem?.reason).toBe('wrong-key');
    expect(problem?.actions[0]).toBe('try-again');
    expect(problem?.actions).not.toContain('recover-readable');
    expect(snapshot(dir.path)).toEqual(before);
    expect(inspectProfile(paths, { key })).toBeNull();
  });

  it('an encrypted file opened without a key is "key-missing", no byte changed', () => {
    const before = snapshot(dir.path);
    const problem = inspectProfile(paths, {});
    expect(problem?.reason).toBe('key-missing');
    expect(problem?.actions).toEqual(['try-again', 'start-fresh']);
    expect(snapshot(dir.path)).toEqual(before);
  });

  it('the passphrase is typed on the screen: a wrong one says so and changes nothing, the right one opens the profile', async () => {
    let problem: ProfileProblem | null = null;
    try {
      ProfileKeyring.unlock(unlockOptions);
    } catch (error) {
      problem = keyUnlockProblem(error, paths);
    }
    expect(problem).toMatchObject({ reason: 'passphrase-required', actions: ['enter-passphrase'] });
    let opened: KeyProvider | null = null;
    const api = new RecoveryApi({
      paths,
      problem: problem!,
      unlock: (passphrase) =>
        ProfileKeyring.unlock({ ...unlockOptions, ...(passphrase !== undefined ? { passphrase } : {}) }),
      onRecovered: async (keys) => {
        opened = keys;
      },
    });
    const before = snapshot(dir.path);

    const wrong = await api.dispatch('profile.recover', {
      action: 'enter-passphrase',
      passphrase: 'not the passphrase',
    });
    expect(wrong.ok ? null : wrong.error.code).toBe('WRONG_PASSPHRASE');
    const now = await api.dispatch('profile.problem', {});
    expect(now.ok && (now.value as ProfileProblem).reason).toBe('wrong-passphrase');
    const fresh = await api.dispatch('profile.recover', { action: 'start-fresh' });
    expect(fresh.ok ? null : fresh.error.code).toBe('INVALID_INPUT');
    expect(snapshot(dir.path)).toEqual(before);
    expect(opened).toBeNull();

    const right = await api.dispatch('profile.recover', { action: 'enter-passphrase', passphrase: PASSPHRASE });
    expect(right.ok).toBe(true);
    expect(opened!.databaseKey?.equals(key)).toBe(true);
    // Opened read-only to check it (SQLite may leave an empty -wal/-shm beside it): file and key as they were.
    const after = snapshot(dir.path);
    for (const file of [paths.database, paths.key]) expect(after[file]).toBe(before[file]);
  });

  it('a new profile without a keychain chooses its passphrase on the screen (at least 8 characters)', async () => {
    const fresh = tempDir('mnemo-startup-new-');
    try {
      const newPaths = dataPaths(fresh.path);
      const options = { ...unlockOptions, keyPath: newPaths.key, databasePath: newPaths.database };
      let problem: ProfileProblem | null = null;
      try {
        ProfileKeyring.unlock(options);
      } catch (error) {
        problem = keyUnlockProblem(error, newPaths);
      }
      expect(problem?.actions).toEqual(['choose-passphrase']);
      let opened: KeyProvider | null = null;
      const api = new RecoveryApi({
        paths: newPaths,
        problem: problem!,
        unlock: (passphrase) =>
          ProfileKeyring.unlock({ ...options, ...(passphrase !== undefined ? { passphrase } : {}) }),
        onRecovered: async (keys) => {
          opened = keys;
        },
      });
      const short = await api.dispatch('profile.recover', { action: 'choose-passphrase', passphrase: 'short' });
      expect(short.ok ? null : short.error.code).toBe('INVALID_INPUT');
      expect(existsSync(newPaths.key)).toBe(false);
      expect((await api.dispatch('profile.recover', { action: 'choose-passphrase', passphrase: PASSPHRASE })).ok).toBe(
        true,
      );
      expect(opened!.protection()).toBe('passphrase');
      expect(existsSync(newPaths.key)).toBe(true);
    } finally {
      fresh.remove();
    }
  });
});
