// Migration 7 on a profile written before it: CJK and folded words become findable, English
// rows are left exactly as they were indexed, the FTS5 indexes stay consistent, and a backup
// was taken first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir } from '../../support/store';

const BEFORE = MIGRATIONS.slice(0, 6);

describe('migration 7: segmented, folded keyword index', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'mnemo.sqlite');
  });
  afterEach(() => dir.remove());

  /** A schema-6 profile with rows as that version wrote them (its Store cannot be run any more: raw SQL). */
  function profileAtSchemaBefore(): void {
    const { db } = openDatabase(path, { migrations: BEFORE });
    db.prepare(`INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'old', 1, 1)`).run();
    const chunk = db.prepare(
      `INSERT INTO chunks (id, conversation_id, response_id, chunk_index, role, type, text, token_count, created_at) VALUES (?, 'c1', ?, 0, 'user', 'message', ?, 10, 1)`,
    );
    ['我的女儿叫米娅，她今年七岁。', 'Mein Nachbar heißt Jürgen.', 'Our sailboat is moored at Pier Nine.'].forEach(
      (text, i) => chunk.run(`k${i}`, `m${i}`, text),
    );
    const memory = db.prepare(
      `INSERT INTO memories (id, content, category, importance, source, token_count, created_at, updated_at) VALUES (?, ?, 'family', 3, 'user', 5, 1, 1)`,
    );
    memory.run('y1', '娘のミアは猫が好き');
    memory.run('y2', 'Allergic to cats');
    expect(db.prepare(`SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH '"米娅"'`).pluck().get()).toBe(0);
    db.close();
  }

  it('makes CJK and folded words findable in stored chunks and memories, after a backup', () => {
    profileAtSchemaBefore();
    const opened = openDatabase(path);
    expect(opened.previousVersion).toBe(6);
    expect(opened.backupPath && existsSync(opened.backupPath)).toBe(true);
    const copies = opened.db.prepare(`SELECT text, index_text FROM chunks ORDER BY rowid`).all() as {
      text: string;
      index_text: string | null;
    }[];
    expect(copies.map((r) => r.index_text === null)).toEqual([false, false, true]);
    // The stored text itself is never changed.
    expect(copies.map((r) => r.text)).toEqual([
      '我的女儿叫米娅，她今年七岁。',
      'Mein Nachbar heißt Jürgen.',
      'Our sailboat is moored at Pier Nine.',
    ]);
    for (const table of ['chunks_fts', 'memories_fts'])
      opened.db.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
    opened.db.close();

    const store = Store.open(path, storeDeps());
    expect(store.chunks.search('米娅').map((h) => h.snippet)).toEqual(['我的女儿叫«米娅»，她今年七岁。']);
    expect(store.chunks.search('heisst').map((h) => h.snippet)).toEqual(['Mein Nachbar «heißt» Jürgen.']);
    expect(store.chunks.search('sailboat').map((h) => h.snippet)).toEqual(['Our «sailboat» is moored at Pier Nine.']);
    expect(store.memories.search('ミア').map((h) => h.memory.content)).toEqual(['娘のミアは猫が好き']);
    expect(store.memories.search('cats').map((h) => h.memory.content)).toEqual(['Allergic to cats']);
    store.close();
  });

  it('keeps the index consistent through later edits and deletes of migrated rows', () => {
    profileAtSchemaBefore();
    const store = Store.open(path, storeDeps());
    const [memory] = store.memories.search('ミア');
    store.memories.update(memory!.memory.id, { content: '娘のミアは犬が好き' }, 'user');
    expect(store.memories.search('犬').map((h) => h.memory.id)).toEqual([memory!.memory.id]);
    expect(store.memories.search('猫')).toHaveLength(0);
    const [conversation] = store.conversations.list();
    store.conversations.deleteRow(conversation!.id);
    expect(store.chunks.search('米娅')).toHaveLength(0);
    for (const table of ['chunks_fts', 'memories_fts'])
      store.db.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
    store.close();
  });
});
