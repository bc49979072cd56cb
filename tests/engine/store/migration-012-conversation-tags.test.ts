// Schema 12 (conversation tags) on a file written by the schema before it: after a backup, the
// conversations are all there, untagged; tags then behave as designed at the SQL level (a name
// once by its fold, links go with their conversation, a tag with no conversation left goes).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, openDatabase, Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir, TEST_KEY } from '../../support/store';

describe('migration 012 (conversation tags)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('adds tags to a schema-11 file after a backup, losing nothing, and tags then follow their conversations', () => {
    const path = join(dir.path, 'mnemo.sqlite');
    const old = openDatabase(path, { key: TEST_KEY, migrations: MIGRATIONS.filter((m) => m.version < 12) }).db;
    expect(old.pragma('user_version', { simple: true })).toBe(11);
    old
      .prepare(
        `INSERT INTO conversations (id, title, created_at, updated_at, pinned) VALUES ('c1', 'Trip', 1, 9, 1), ('c2', 'Budget', 2, 3, 0)`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO messages (id, conversation_id, seq, parent_id, role, content, status, token_count, created_at, updated_at)
         VALUES ('m1', 'c1', 1, NULL, 'user', 'pack the tent', 'complete', 3, 1, 1),
                ('m2', 'c1', 2, 'm1', 'assistant', 'Done.', 'complete', 2, 2, 2)`,
      )
      .run();
    old.close();

    const opened = openDatabase(path, { key: TEST_KEY });
    expect(opened.previousVersion).toBe(11);
    expect(opened.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(opened.backupPath && existsSync(opened.backupPath)).toBeTruthy();
    const store = new Store(opened.db, storeDeps());
    expect(store.conversations.list().map((c) => [c.id, c.title, c.pinned])).toEqual([
      ['c1', 'Trip', true],
      ['c2', 'Budget', false],
    ]);
    expect(store.messages.list('c1').map((m) => m.content)).toEqual(['pack the tent', 'Done.']);
    expect(store.tags.list()).toEqual([]);

    const work = store.tags.add('c1', 'Work');
    expect(store.tags.add('c2', '  WORK ')).toEqual(work);
    store.tags.add('c2', 'Money');
    expect(store.tags.list().map((t) => [t.name, t.conversationCount])).toEqual([
      ['Money', 1],
      ['Work', 2],
    ]);
    expect(store.conversations.list({ tagId: work.id }).map((c) => c.id)).toEqual(['c1', 'c2']);

    // The unique fold holds even against a raw insert.
    expect(() =>
      store.db.prepare(`INSERT INTO tags (id, name, fold, created_at) VALUES ('x', 'work', 'work', 1)`).run(),
    ).toThrow(/UNIQUE/);

    // Deleting c2 takes its links; "Money" had no other conversation and goes, "Work" stays with c1.
    store.deleteConversation('c2');
    expect(store.tags.list().map((t) => [t.name, t.conversationCount])).toEqual([['Work', 1]]);
    store.close();
  });
});
