import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir } from '../../support/store';

describe('migration 6: memory proposals', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('adds the review queue to a schema-5 file, keeping its data, and proposals go with their message', () => {
    const path = join(dir.path, 'mnemo.sqlite');
    // Written in schema 5's own columns: today's Store writes columns later migrations add.
    const old = openDatabase(path, { migrations: MIGRATIONS.slice(0, 5) }).db;
    const c = { id: 'c1' };
    const m = { id: 'm1' };
    old.prepare(`INSERT INTO conversations (id, title, created_at, updated_at) VALUES (?, 'kept', 1, 1)`).run(c.id);
    old
      .prepare(
        `INSERT INTO messages (id, conversation_id, seq, role, content, status, token_count, created_at, updated_at) VALUES (?, ?, 1, 'user', 'I live in Leeds', 'complete', 5, 1, 1)`,
      )
      .run(m.id, c.id);
    old.close();

    const opened = openDatabase(path);
    expect(opened.previousVersion).toBe(5);
    const store = new Store(opened.db, storeDeps());
    expect(store.messages.get(m.id).content).toBe('I live in Leeds');
    const proposal = store.proposals.create({
      content: 'Lives in Leeds',
      category: 'home',
      importance: 3,
      origin: 'extraction',
      sourceMessageId: m.id,
    });
    expect(store.proposals.listPending()).toEqual([proposal]);
    store.messages.delete(m.id);
    expect(store.proposals.listPending()).toEqual([]);
    expect(() =>
      store.db
        .prepare(
          `INSERT INTO memory_proposals (id, content, category, importance, origin, conversation_id, source_message_id, created_at) VALUES ('x', 'a', 'b', 3, 'guess', ?, ?, 0)`,
        )
        .run(c.id, m.id),
    ).toThrow();
    store.close();
  });
});
