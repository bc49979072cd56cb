// Schema 11 (message tree) on a file written by the schema before it: each conversation becomes
// one path, every message following the one before it, with nothing lost or changed, after a
// backup of the old file; the next turns continue that path, and a fork starts a branch.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir, TEST_KEY } from '../../support/store';

describe('migration 011 (message tree)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('turns every conversation written by the old schema into a single path, after a backup', () => {
    const path = join(dir.path, 'mnemo.sqlite');
    const before = MIGRATIONS.filter((m) => m.version < 11);
    const old = openDatabase(path, { key: TEST_KEY, migrations: before }).db;
    const oldVersion = old.pragma('user_version', { simple: true }) as number;
    old
      .prepare(
        `INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'kept', 1, 9), ('c2', 'other', 1, 3)`,
      )
      .run();
    const insert = old.prepare(
      `INSERT INTO messages (id, conversation_id, seq, role, content, status, model, token_count, error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, 3, NULL, ?, ?)`,
    );
    const rows = [
      ['m1', 'c1', 1, 'user', 'the spare key is under the blue pot 🔑', 'complete'],
      ['m2', 'c1', 2, 'assistant', 'Noted.', 'complete'],
      ['m3', 'c1', 3, 'user', 'and the alarm code?', 'complete'],
      ['m4', 'c1', 4, 'assistant', 'I was cut off', 'stopped'],
      // A gap in seq (a deleted message) and a second conversation interleaved.
      ['m6', 'c1', 6, 'user', 'still there?', 'complete'],
      ['n1', 'c2', 1, 'user', 'unrelated', 'complete'],
    ] as const;
    for (const [id, c, seq, role, content, status] of rows) insert.run(id, c, seq, role, content, status, seq, seq);
    old
      .prepare(
        `INSERT INTO summaries (id, conversation_id, content, token_count, first_seq, last_seq, trigger, created_at) VALUES ('s1', 'c1', 'about the key', 3, 1, 2, 'overflow', 5)`,
      )
      .run();
    old.prepare(`INSERT INTO summary_messages (summary_id, message_id) VALUES ('s1', 'm1'), ('s1', 'm2')`).run();
    old.close();

    const opened = openDatabase(path, { key: TEST_KEY });
    expect(opened.previousVersion).toBe(oldVersion);
    expect(opened.backupPath && existsSync(opened.backupPath)).toBeTruthy();
    const store = new Store(opened.db, storeDeps());

    const shown = store.messages.list('c1');
    expect(shown.map((m) => [m.id, m.parentId, m.seq, m.content, m.status])).toEqual([
      ['m1', null, 1, 'the spare key is under the blue pot 🔑', 'complete'],
      ['m2', 'm1', 2, 'Noted.', 'complete'],
      ['m3', 'm2', 3, 'and the alarm code?', 'complete'],
      ['m4', 'm3', 4, 'I was cut off', 'stopped'],
      ['m6', 'm4', 6, 'still there?', 'complete'],
    ]);
    expect(store.messages.all('c1')).toEqual(shown);
    expect(store.messages.list('c2').map((m) => [m.id, m.parentId])).toEqual([['n1', null]]);
    expect(store.tree.branchPoints('c1')).toEqual([]);
    expect(store.tree.chosenLeaf('c1')).toBeNull();
    expect(store.summaries.current('c1').map((s) => s.id)).toEqual(['s1']);
    expect(store.summaries.coveredThrough('c1')).toBe(2);

    // The next turn continues the path; a second answer to m6 forks it.
    const next = store.messages.appendTurn({ conversationId: 'c1', role: 'assistant', content: 'Yes.' });
    expect(next.parentId).toBe('m6');
    expect(store.tree.chosenLeaf('c1')).toBeNull();
    const other = store.messages.appendTurn({
      conversationId: 'c1',
      role: 'assistant',
      content: 'Still here.',
      parentId: 'm6',
    });
    expect(store.tree.chosenLeaf('c1')).toBe(other.id);
    expect(store.tree.branchPoints('c1')).toEqual([{ messageId: other.id, siblingIds: [next.id, other.id] }]);
    expect(store.messages.list('c1').map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm6', other.id]);
    store.close();
  });
});
