// A key that does not open the file, no key at all, a truncated or damaged encrypted file: each
// gets its own typed error, and the file is left byte for byte as it was.
import { existsSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newDatabaseKey, openDatabase, Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir, TEST_KEY } from '../../support/store';

describe('opening an encrypted database', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'mnemo.sqlite');
    const store = Store.open(path, storeDeps(), { key: TEST_KEY });
    const c = store.conversations.create({ title: 'kept' });
    for (let i = 0; i < 200; i++)
      store.messages.appendTurn({ conversationId: c.id, role: 'user', content: `message ${i} `.repeat(40) });
    store.close();
  });
  afterEach(() => dir.remove());

  /**
   * Opens with `key`, expects `code`, and checks that no file of the folder changed or appeared
   * (SQLite's shared-memory index and an empty WAL, made by the read-only key check, hold no data).
   */
  function expectRefusedUntouched(key: Buffer | null, code: string): void {
    const before = new Map(
      readdirSync(dir.path)
        .filter((f) => f !== 'backups')
        .map((f) => [f, readFileSync(join(dir.path, f))]),
    );
    expect(() => openDatabase(path, { key })).toThrow(expect.objectContaining({ code }));
    const bookkeeping = (f: string) =>
      !before.has(f) && (f.endsWith('-shm') || (f.endsWith('-wal') && readFileSync(join(dir.path, f)).length === 0));
    const after = readdirSync(dir.path).filter((f) => f !== 'backups' && !bookkeeping(f));
    expect(after.sort()).toEqual([...before.keys()].sort());
    for (const [file, bytes] of before) expect(readFileSync(join(dir.path, file)).equals(bytes)).toBe(true);
  }

  it('opens with its key', () => {
    const opened = openDatabase(path, { key: TEST_KEY });
    expect(opened.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(200);
    opened.db.close();
  });

  it('another key: DB_KEY_WRONG, file untouched', () => expectRefusedUntouched(newDatabaseKey(), 'DB_KEY_WRONG'));

  it('no key: DB_KEY_MISSING, file untouched (never recreated empty)', () => {
    expectRefusedUntouched(null, 'DB_KEY_MISSING');
    expect(readFileSync(path).length).toBeGreaterThan(100_000);
  });

  it('truncated: DB_CORRUPT, file untouched', () => {
    const size = readFileSync(path).length;
    truncateSync(path, Math.floor(size / 2));
    expectRefusedUntouched(TEST_KEY, 'DB_CORRUPT');
  });

  it('its first page damaged: refused as undecryptable, file untouched', () => {
    const bytes = readFileSync(path);
    bytes.fill(0x41, 100, 200);
    writeFileSync(path, bytes);
    expectRefusedUntouched(TEST_KEY, 'DB_KEY_WRONG');
  });

  it('a leftover WAL belonging to nothing does not turn a wrong key into a write', () => {
    writeFileSync(`${path}-wal`, Buffer.alloc(4096, 7));
    expectRefusedUntouched(newDatabaseKey(), 'DB_KEY_WRONG');
    expect(existsSync(`${path}-wal`)).toBe(true);
  });
});
