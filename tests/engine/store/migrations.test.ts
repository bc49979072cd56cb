import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, openDatabase, Store, type Migration } from '../../../src/main/engine/store';
import { storeDeps, tempDir } from '../../support/store';

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
    const store = Store.open(path, storeDeps());
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
    const backup = new BetterSqlite3(opened.backupPath as string, { readonly: true });
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

    expect(() => openDatabase(path)).toThrow(expect.objectContaining({ code: 'DB_TOO_NEW', details: expect.objectContaining({ schemaVersion: LATEST_SCHEMA_VERSION + 5 }) }));
    expect(readFileSync(path).equals(bytes)).toBe(true);
    expect(existsSync(join(dir.path, 'backups'))).toBe(false);
  });

  it('rolls a failed migration back whole and says so', () => {
    const store = Store.open(path, storeDeps());
    store.conversations.create({ title: 'safe' });
    store.close();
    const broken: Migration = { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: `ALTER TABLE conversations ADD COLUMN x TEXT; SELECT * FROM no_such_table;` };

    expect(() => openDatabase(path, { migrations: [...MIGRATIONS, broken] })).toThrow(expect.objectContaining({ code: 'DB_MIGRATION_FAILED' }));
    const again = openDatabase(path);
    expect(again.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const columns = again.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('conversations');
    expect(columns).not.toContain('x');
    expect(again.db.prepare('SELECT title FROM conversations').pluck().all()).toEqual(['safe']);
    expect(statSync(path).size).toBeGreaterThan(0);
    again.db.close();
  });
});
