// Schema 13: every chunk keeps the hash of its folded text, written with it and, for chunks of a
// schema-12 file, made by the migration; retrieval keys a chunk read from the store by that
// stored hash instead of reading through its text again.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, Store } from '../../../src/main/engine/store';
import { sameStatementKey, statementHash } from '../../../src/main/engine/retrieval/statement-key';
import { openTestStore, storeDeps, tempDir, TEST_KEY } from '../../support/store';

describe('migration 013 (statement hash)', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  it('hashes every chunk of a schema-12 file as a chunk written now would be', () => {
    const path = join(dir.path, 'mnemo.sqlite');
    const old = openDatabase(path, { key: TEST_KEY, migrations: MIGRATIONS.filter((m) => m.version < 13) }).db;
    old.prepare(`INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', 'Week', 1, 1)`).run();
    const texts = ['Work was  busy but fine.', 'work was busy but FINE.', 'Café ouvert', 'Something else entirely'];
    // More rows than one page of the migration's, so paging on is exercised too.
    const rows = Array.from({ length: 2_500 }, (_, i) => texts[i % texts.length]!);
    const insert = old.prepare(
      `INSERT INTO chunks (id, conversation_id, response_id, chunk_index, role, type, text, token_count, created_at)
       VALUES (?, 'c1', ?, 0, 'user', 'message', ?, 5, ?)`,
    );
    old.transaction(() => rows.forEach((text, i) => insert.run(`m${i}:0`, `m${i}`, text, i)))();
    old.close();

    const opened = openDatabase(path, { key: TEST_KEY });
    expect(opened.previousVersion).toBe(12);
    const stored = opened.db.prepare(`SELECT text, statement_hash FROM chunks ORDER BY rowid`).all() as {
      text: string;
      statement_hash: string | null;
    }[];
    expect(stored).toHaveLength(rows.length);
    for (const row of stored) expect(row.statement_hash).toBe(statementHash(row.text));
    expect(new Set(stored.map((r) => r.statement_hash)).size).toBe(3);

    // The text and its keyword index are untouched.
    const store = new Store(opened.db, storeDeps());
    expect(store.chunks.get('m3:0')?.text).toBe('Something else entirely');
    expect(store.chunks.rank('entirely', { limit: 5000 })).toHaveLength(rows.length / texts.length);
    store.close();
  });

  it('stores the hash with each chunk written, and keys a chunk read from the store by it', () => {
    const store = openTestStore(dir.path);
    const c = store.conversations.create({ title: 'Week' });
    const turn = store.messages.appendTurn({ conversationId: c.id, role: 'user', content: 'Work was busy but fine.' });
    const [chunk] = store.chunks.forResponse(turn.id);
    const row = store.db.prepare(`SELECT statement_hash FROM chunks WHERE id = ?`).get(chunk!.id) as {
      statement_hash: string;
    };
    expect(row.statement_hash).toBe(statementHash('Work was busy but fine.'));

    // What the key is made of is what the row holds, not the text read again: a row whose
    // stored hash were another's would be keyed as that other statement.
    store.db.prepare(`UPDATE chunks SET statement_hash = 'stored-hash' WHERE id = ?`).run(chunk!.id);
    const read = store.chunks.get(chunk!.id)!;
    expect(sameStatementKey(read)).toBe('message\u0000user\u0000stored-hash');
    // A chunk not read from the store (no stored hash) is hashed from its text.
    expect(sameStatementKey({ ...read })).toBe(`message\u0000user\u0000${statementHash(read.text)}`);
    store.close();
  });
});
