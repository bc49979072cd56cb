// Migration 14 on a profile written before it: stored rows holding an irregular past form get
// the index copy new rows get (went → go), so "go" finds what was stored as "went"; the old terms
// leave the index with the old copy, rows without such a form are left as they were, the FTS5
// indexes stay consistent through later edits and deletes, and a backup was taken first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir, TEST_KEY } from '../../support/store';

const BEFORE = MIGRATIONS.filter((m) => m.version < 14);

describe('migration 14: irregular past forms indexed as their base form', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    dir = tempDir();
    path = join(dir.path, 'mnemo.sqlite');
  });
  afterEach(() => dir.remove());

  /** A schema-13 profile with rows as that version wrote them (raw SQL: today's Store writes the new copies). */
  function profileAtSchemaBefore(): void {
    const { db } = openDatabase(path, { key: TEST_KEY, migrations: BEFORE });
    expect(db.pragma('user_version', { simple: true })).toBe(13);
    db.prepare(`INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'old', 1, 1)`).run();
    const chunk = db.prepare(
      `INSERT INTO chunks (id, conversation_id, response_id, chunk_index, role, type, text, index_text, token_count, created_at)
       VALUES (?, 'c1', ?, 0, 'user', 'message', ?, ?, 10, 1)`,
    );
    chunk.run('k0', 'm0', 'We went to Porto and bought tiles.', null);
    chunk.run('k1', 'm1', 'Our sailboat is moored at Pier Nine.', null);
    // Schema 7's copy of a folded text: it gains the base form too, and loses its old terms.
    chunk.run('k2', 'm2', 'Jürgen flew to Tromsø.', 'Jürgen flew to Tromso.');
    const memory = db.prepare(
      `INSERT INTO memories (id, content, category, importance, source, token_count, created_at, updated_at) VALUES (?, ?, 'background', 3, 'user', 5, 1, 1)`,
    );
    memory.run('y1', 'Grew up in Lyon');
    memory.run('y2', 'Allergic to cats');
    expect(db.prepare(`SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'go'`).pluck().get()).toBe(0);
    db.close();
  }

  it('makes stored past forms findable by their base form, after a backup, leaving other rows alone', () => {
    profileAtSchemaBefore();
    const opened = openDatabase(path, { key: TEST_KEY });
    expect(opened.previousVersion).toBe(13);
    expect(opened.backupPath && existsSync(opened.backupPath)).toBe(true);
    const rows = opened.db.prepare(`SELECT text, index_text FROM chunks ORDER BY rowid`).all();
    expect(rows).toEqual([
      { text: 'We went to Porto and bought tiles.', index_text: 'We go to Porto and buy tiles.' },
      { text: 'Our sailboat is moored at Pier Nine.', index_text: null },
      { text: 'Jürgen flew to Tromsø.', index_text: 'Jürgen fly to Tromso.' },
    ]);
    expect(opened.db.prepare(`SELECT content, index_content FROM memories ORDER BY rowid`).all()).toEqual([
      { content: 'Grew up in Lyon', index_content: 'grow up in Lyon' },
      { content: 'Allergic to cats', index_content: null },
    ]);
    // The index holds the new copies' terms, and none of the old ones.
    const raw = (match: string) =>
      opened.db.prepare(`SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?`).pluck().get(match);
    expect([raw('go'), raw('buy'), raw('fly'), raw('went'), raw('bought'), raw('flew')]).toEqual([1, 1, 1, 0, 0, 0]);
    for (const table of ['chunks_fts', 'memories_fts'])
      opened.db.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
    opened.db.close();

    const store = Store.open(path, storeDeps(), { key: TEST_KEY });
    expect(store.chunks.search('where did we go').map((h) => h.snippet)).toEqual([
      'We «went» to Porto and bought tiles.',
    ]);
    expect(store.chunks.search('went').map((h) => h.chunkId)).toEqual(['k0']);
    expect(store.chunks.search('sailboat').map((h) => h.chunkId)).toEqual(['k1']);
    expect(store.chunks.search('fly').map((h) => h.chunkId)).toEqual(['k2']);
    expect(store.memories.search('grow').map((h) => h.memory.id)).toEqual(['y1']);
    expect(store.memories.search('cats').map((h) => h.memory.id)).toEqual(['y2']);
    store.close();
  });

  it('keeps the index consistent through later edits and deletes of migrated rows', () => {
    profileAtSchemaBefore();
    const store = Store.open(path, storeDeps(), { key: TEST_KEY });
    // The update triggers the migration set aside are back: a changed copy re-indexes its row.
    store.db.prepare(`UPDATE chunks SET text = 'We flew home.', index_text = 'We fly home.' WHERE id = 'k0'`).run();
    expect(store.chunks.search('go')).toHaveLength(0);
    expect(store.chunks.search('fly').map((h) => h.chunkId)).toEqual(['k0', 'k2']);
    store.memories.update('y1', { content: 'Grew up in Nantes' }, 'user');
    expect(store.memories.search('grow nantes').map((h) => h.memory.id)).toEqual(['y1']);
    expect(store.memories.search('lyon')).toHaveLength(0);
    store.conversations.deleteRow('c1');
    expect(store.chunks.search('go')).toHaveLength(0);
    expect(store.chunks.search('fly')).toHaveLength(0);
    for (const table of ['chunks_fts', 'memories_fts'])
      store.db.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`);
    expect(store.db.prepare(`SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'go OR fly'`).pluck().get()).toBe(
      0,
    );
    store.close();
  });
});
