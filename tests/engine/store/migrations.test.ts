import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  openDatabase as openWithOptions,
  Store,
  type Migration,
  type OpenDatabaseOptions,
} from '../../../src/main/engine/store';
import { storeDeps, tempDir, TEST_KEY } from '../../support/store';

// Every migration test runs on an encrypted file, as the app's profiles are.
const openDatabase = (path: string, options: OpenDatabaseOptions = {}) =>
  openWithOptions(path, { key: TEST_KEY, ...options });
function openRaw(path: string, options: BetterSqlite3.Options = {}): BetterSqlite3.Database {
  const db = new BetterSqlite3(path, options);
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${TEST_KEY.toString('hex')}'"`);
  return db;
}

// A stand-in for a future migration: it reshapes data that exists, so "keeps all data" means something.
const nextMigration: Migration = {
  version: LATEST_SCHEMA_VERSION + 1,
  name: 'test-add-color',
  up: `ALTER TABLE conversations ADD COLUMN color TEXT NOT NULL DEFAULT 'none';
       UPDATE conversations SET color = 'blue' WHERE pinned = 1;`,
};

describe('migrations', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'mnemo.sqlite');
  });
  afterEach(() => dir.remove());

  it('creates the latest schema on a new file without a backup', () => {
    const opened = openDatabase(path);
    expect(opened.previousVersion).toBe(0);
    expect(opened.backupPath).toBeNull();
    expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    opened.db.close();
  });

  it('upgrades an older schema, keeping all data, after backing the file up', () => {
    const store = Store.open(path, storeDeps(), { key: TEST_KEY });
    const c = store.conversations.create({ title: 'kept' });
    store.conversations.setPinned(c.id, true);
    const m = store.messages.appendTurn({ conversationId: c.id, role: 'user', content: 'remember the milk' });
    store.memories.create({ content: 'Allergic to cats', category: 'health', importance: 5, source: 'user' }, 'user');
    store.close();

    const opened = openDatabase(path, { migrations: [...MIGRATIONS, nextMigration] });
    expect(opened.previousVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(opened.backupPath && existsSync(opened.backupPath)).toBeTruthy();
    const upgraded = new Store(opened.db, storeDeps());
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(upgraded.conversations.get(c.id).title).toBe('kept');
    expect(upgraded.db.prepare('SELECT color FROM conversations WHERE id = ?').pluck().get(c.id)).toBe('blue');
    expect(upgraded.chunks.reassemble(c.id, m.id)).toBe('remember the milk');
    expect(upgraded.chunks.search('milk')).toHaveLength(1);
    expect(upgraded.memories.search('cats')).toHaveLength(1);
    upgraded.close();

    // The backup is the old schema, complete, openable on its own.
    const backup = openRaw(opened.backupPath as string, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(backup.prepare('SELECT content FROM messages').pluck().all()).toEqual(['remember the milk']);
    backup.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const opened = openDatabase(path);
    opened.db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    opened.db.pragma('wal_checkpoint(TRUNCATE)');
    opened.db.close();
    const bytes = readFileSync(path);

    expect(() => openDatabase(path)).toThrow(
      expect.objectContaining({
        code: 'DB_TOO_NEW',
        details: expect.objectContaining({ schemaVersion: LATEST_SCHEMA_VERSION + 5 }),
      }),
    );
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(join(dir.path, 'backups'))).toBe(false);
  });

  it('rolls a failed migration back whole and says so', () => {
    const store = Store.open(path, storeDeps(), { key: TEST_KEY });
    store.conversations.create({ title: 'safe' });
    store.close();
    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'broken',
      up: `ALTER TABLE conversations ADD COLUMN x TEXT; SELECT * FROM no_such_table;`,
    };

    expect(() => openDatabase(path, { migrations: [...MIGRATIONS, broken] })).toThrow(
      expect.objectContaining({ code: 'DB_MIGRATION_FAILED' }),
    );
    const again = openDatabase(path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const columns = again.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('conversations');
    expect(columns).not.toContain('x');
    expect(again.db.prepare('SELECT title FROM conversations').pluck().all()).toEqual(['safe']);
    expect(statSync(path).size).toBeGreaterThan(0);
    again.db.close();
  });

  /** A database at the latest schema with some data, closed cleanly; returns its bytes. */
  function existingDatabase(): Buffer {
    const store = Store.open(path, storeDeps(), { key: TEST_KEY });
    const c = store.conversations.create({ title: 'precious' });
    store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'my passport number is in the blue folder 📘',
    });
    store.memories.create(
      { content: 'Keeps the passport in the blue folder', category: 'facts', importance: 4, source: 'user' },
      'user',
    );
    store.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    return readFileSync(path);
  }

  function expectIntact(bytes: Buffer): void {
    expect(readFileSync(path).equals(bytes)).toBe(true);
    for (const side of ['-wal', '-shm', '.migrating']) expect(existsSync(path + side), side).toBe(false);
    const store = Store.open(path, storeDeps(), { key: TEST_KEY });
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('conversations')).not.toContain('x');
    expect(store.conversations.list().map((c) => c.title)).toEqual(['precious']);
    expect(store.chunks.search('passport')).toHaveLength(1);
    expect(store.memories.search('folder')).toHaveLength(1);
    store.close();
  }

  it('a migration that fails after committing part of its work: the backup is put back byte for byte', () => {
    const bytes = existingDatabase();
    // The stray COMMIT ends the migration transaction early, so the ALTER is committed before the failure.
    const broken: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'commits-then-fails',
      up: `ALTER TABLE conversations ADD COLUMN x TEXT; COMMIT; SELECT * FROM no_such_table;`,
    };

    let thrown: unknown;
    try {
      openDatabase(path, { migrations: [...MIGRATIONS, broken] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'DB_MIGRATION_FAILED',
      message: expect.stringMatching(/no such table: no_such_table.*restored from the backup/),
      details: { migration: LATEST_SCHEMA_VERSION + 1, restored: true, backupPath: expect.any(String) },
    });
    const backupPath = (thrown as { details: { backupPath: string } }).details.backupPath;
    expect(readFileSync(backupPath).equals(bytes)).toBe(true);
    expectIntact(bytes);
  });

  it('a table rebuild run with foreign keys off that breaks a reference is refused and restored', () => {
    const bytes = existingDatabase();
    // Rebuilds conversations under another id scheme, orphaning every message: foreign_key_check catches it.
    const rebuild: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'rebuild-conversations',
      foreignKeys: 'off',
      up: `CREATE TABLE conversations_new (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
             archived INTEGER NOT NULL DEFAULT 0, pinned INTEGER NOT NULL DEFAULT 0, temporary INTEGER NOT NULL DEFAULT 0, settings TEXT NOT NULL DEFAULT '{}', x TEXT);
           INSERT INTO conversations_new SELECT 'new-' || id, title, created_at, updated_at, archived, pinned, temporary, settings, NULL FROM conversations;
           DROP TABLE conversations;
           ALTER TABLE conversations_new RENAME TO conversations;`,
    };
    expect(() => openDatabase(path, { migrations: [...MIGRATIONS, rebuild] })).toThrow(
      expect.objectContaining({
        code: 'DB_MIGRATION_FAILED',
        details: expect.objectContaining({
          reason: expect.stringMatching(/^foreign key check failed in .*messages/),
          restored: true,
        }),
      }),
    );
    expectIntact(bytes);
    // Foreign keys are enforced again on the next open.
    const again = openDatabase(path);
    expect(again.db.pragma('foreign_keys', { simple: true })).toBe(1);
    again.db.close();
  });

  it('a rebuild with foreign keys off that keeps references valid goes through', () => {
    existingDatabase();
    const rebuild: Migration = {
      version: LATEST_SCHEMA_VERSION + 1,
      name: 'rebuild-ok',
      foreignKeys: 'off',
      up: `CREATE TABLE conversations_new (id TEXT PRIMARY KEY, title TEXT NOT NULL DEFAULT '', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
             archived INTEGER NOT NULL DEFAULT 0, pinned INTEGER NOT NULL DEFAULT 0, temporary INTEGER NOT NULL DEFAULT 0, settings TEXT NOT NULL DEFAULT '{}', active_leaf_id TEXT, color TEXT);
           INSERT INTO conversations_new SELECT *, 'red' FROM conversations;
           DROP TABLE conversations;
           ALTER TABLE conversations_new RENAME TO conversations;`,
    };
    const opened = openDatabase(path, { migrations: [...MIGRATIONS, rebuild] });
    expect(opened.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(opened.db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(1);
    expect(existsSync(`${path}.migrating`)).toBe(false);
    opened.db.close();
  });

  it('a process killed in the middle of a migration: the next open puts the backup back first', async () => {
    const bytes = existingDatabase();
    // The child commits half a migration, then spins in SQL until it is killed.
    const script = `
      import { openDatabase, MIGRATIONS, LATEST_SCHEMA_VERSION } from ${JSON.stringify(join(process.cwd(), 'src/main/engine/store/index.ts'))};
      openDatabase(${JSON.stringify(path)}, { key: Buffer.from(${JSON.stringify(TEST_KEY.toString('hex'))}, 'hex'), migrations: [...MIGRATIONS, { version: LATEST_SCHEMA_VERSION + 1, name: 'slow', up:
        "ALTER TABLE conversations ADD COLUMN x TEXT; UPDATE conversations SET title = 'half-migrated'; COMMIT; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n;" }] });
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: 'inherit',
    });
    const exited = new Promise<string | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    // Wait until the half-migration is committed (visible to another connection), then kill.
    await expect
      .poll(
        () => {
          if (!existsSync(`${path}.migrating`)) return false;
          const peek = openRaw(path, { readonly: true, fileMustExist: true });
          try {
            return peek.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('conversations').includes('x');
          } finally {
            peek.close();
          }
        },
        { timeout: 30_000, interval: 50 },
      )
      .toBe(true);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(existsSync(`${path}-wal`)).toBe(true);

    const reopened = openDatabase(path);
    reopened.db.close();
    expectIntact(bytes);
    expect(readdirSync(join(dir.path, 'backups'))).toHaveLength(1);
  });
});
