// Migration 8 (secure delete) and the backup policy: text deleted before the upgrade leaves
// the file, the keyword indexes delete for good from then on, and old backups do not pile up.
import { existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKUP_KEEP_MS } from '../../../src/main/engine/store/database';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, openDatabase, Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir } from '../../support/store';

const MARKER = 'vxqgone3318kf';

describe('migration 8: secure delete', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'mnemo.sqlite');
  });
  afterEach(() => dir.remove());

  it('removes text deleted under schema 7 from the file and its keyword index, keeping the rest', () => {
    const opened = openDatabase(path, { migrations: MIGRATIONS.slice(0, 7) });
    opened.db.pragma('secure_delete = OFF'); // as schema 7 ran
    const old = new Store(opened.db, storeDeps());
    const c = old.conversations.create();
    // Messages as schema 7 wrote them (today's write path names the tree's columns, schema 11).
    const writeMessage = (seq: number, content: string) => {
      const id = `m${seq}`;
      old.db
        .prepare(
          `INSERT INTO messages (id, conversation_id, seq, role, content, status, token_count, created_at, updated_at) VALUES (?, ?, ?, 'user', ?, 'complete', 9, 1, 1)`,
        )
        .run(id, c.id, seq, content);
      old.db
        .prepare(
          `INSERT INTO chunks (id, conversation_id, response_id, chunk_index, role, type, text, token_count, created_at) VALUES (?, ?, ?, 0, 'user', 'message', ?, 9, 1)`,
        )
        .run(`${id}:0`, c.id, id, content);
      return id;
    };
    for (let i = 0; i < 50; i++) writeMessage(i + 1, `filler message number ${i} about the garden`);
    const gone = writeMessage(51, `the secret is ${MARKER}`);
    old.db.prepare(`DELETE FROM chunks WHERE response_id = ?`).run(gone);
    old.db.prepare(`DELETE FROM messages WHERE id = ?`).run(gone);
    const memory = old.memories.create(
      { content: `Memory ${MARKER}`, category: 'general', importance: 3, source: 'user' },
      'user',
    );
    old.memories.softDelete(memory.id, 'user');
    old.memories.purgeDeleted();
    old.db.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    expect(readFileSync(path).includes(MARKER.slice(-8))).toBe(true);

    const store = Store.open(path, storeDeps());
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(store.db.pragma('secure_delete', { simple: true })).toBe(1);
    for (const table of ['chunks_fts', 'memories_fts']) {
      expect(store.db.prepare(`SELECT v FROM ${table}_config WHERE k = 'secure-delete'`).pluck().get(), table).toBe(1);
    }
    expect(store.chunks.search('garden')).toHaveLength(20);
    store.close();
    expect(readFileSync(path).includes(MARKER.slice(-8))).toBe(false);
  });

  it('keeps only the newest backup, and that one for a week', () => {
    const backups = join(dir.path, 'backups');
    mkdirSync(backups, { recursive: true });
    const stale = join(backups, 'mnemo-schema3-2026-01-01T00-00-00-000Z.sqlite');
    const older = join(backups, 'mnemo-schema4-2026-02-01T00-00-00-000Z.sqlite');
    const newest = join(backups, 'mnemo-schema5-2026-03-01T00-00-00-000Z.sqlite');
    const unrelated = join(backups, 'notes.txt');
    for (const file of [stale, older, newest, unrelated]) writeFileSync(file, 'x');
    const now = Date.now();
    utimesSync(older, new Date(now - 60_000), new Date(now - 60_000));
    utimesSync(stale, new Date(now - BACKUP_KEEP_MS - 60_000), new Date(now - BACKUP_KEEP_MS - 60_000));
    openDatabase(path).db.close();
    expect([stale, older, newest, unrelated].map((f) => existsSync(f))).toEqual([false, false, true, true]);

    utimesSync(newest, new Date(now - BACKUP_KEEP_MS - 60_000), new Date(now - BACKUP_KEEP_MS - 60_000));
    openDatabase(path).db.close();
    expect(existsSync(newest)).toBe(false);
  });
});
