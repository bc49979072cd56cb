// What keeps retrieval cheap on a long history, checked for meaning rather than speed (the
// bench measures speed): keyword ranking within a row budget drops only the commonest words,
// and a conversation's keyword search sees only its chunks (migration 003's scope column); the
// in-process search within a conversation is tested in tests/engine/retrieval/conversation-vectors.
// Real SQLite file, no mocks.
import { join } from 'node:path';
import type Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDatabase, type Store } from '../../../src/main/engine/store';
import { rankingTerms } from '../../../src/main/engine/retrieval/keyword-query';
import { openTestStore, tempDir, testClock } from '../../support/store';

describe('rankingTerms', () => {
  const rows: Record<string, number> = { harbour: 3, ferry: 40, week: 900, work: 5000 };

  it('keeps the rarest words while their rows fit, and drops the commonest', () => {
    expect(rankingTerms(['work', 'harbour', 'week', 'ferry'], (t) => rows[t]!, 1000)).toEqual([
      'harbour',
      'ferry',
      'week',
    ]);
    expect(rankingTerms(['work', 'harbour', 'week', 'ferry'], (t) => rows[t]!, 100)).toEqual(['harbour', 'ferry']);
  });

  it('keeps every word without a budget, and none when even the rarest is over it', () => {
    expect(rankingTerms(['work', 'harbour'], (t) => rows[t]!, Number.POSITIVE_INFINITY)).toEqual(['work', 'harbour']);
    expect(rankingTerms(['work', 'week'], (t) => rows[t]!, 500)).toEqual([]);
  });
});

describe('keyword ranking for retrieval', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;

  beforeEach(() => {
    dir = tempDir();
    store = openTestStore(dir.path, { now: testClock().now });
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  function say(conversationId: string, content: string) {
    return store.messages.appendTurn({ conversationId, role: 'user', content });
  }

  it('within a row budget, a word in every chunk is dropped and the rare word still ranks', () => {
    const c = store.conversations.create();
    for (let i = 0; i < 60; i++) say(c.id, `Another ordinary update number ${i}.`);
    const ferry = say(c.id, 'The ordinary ferry to the island leaves at nine.');
    const unbounded = store.chunks.rank('ordinary ferry', { limit: 100 });
    expect(unbounded).toHaveLength(61);
    expect(unbounded[0]!.chunkId).toBe(store.chunks.forResponse(ferry.id)[0]!.id);

    const bounded = store.chunks.rank('ordinary ferry', { limit: 100, maxRows: 20 });
    expect(bounded.map((h) => h.chunkId)).toEqual([store.chunks.forResponse(ferry.id)[0]!.id]);
    // Only common words: nothing is worth ranking within the budget.
    expect(store.chunks.rank('ordinary update', { limit: 100, maxRows: 20 })).toEqual([]);
  });

  it('a word too common to rank every row of by still orders the rows the rarer words found', () => {
    const c = store.conversations.create();
    // A long history, in which the museum is a small part (bm25 gives a word in most rows no weight).
    for (let i = 0; i < 200; i++) say(c.id, `Ordinary day ${i}, nothing to report.`);
    for (let i = 0; i < 50; i++) say(c.id, `The museum on the square was closed again, notice ${i}.`);
    for (let i = 0; i < 9; i++) say(c.id, `Melanie: I baked bread on day ${i}.`);
    const visit = store.chunks.forResponse(say(c.id, 'Melanie: We finally visited the museum with the kids.').id)[0]!;
    const question = 'When did Melanie go to the museum?';
    // "museum" is in 51 chunks, over the budget of 15: Melanie's 10 turns are the rows scored,
    // and among them the one that holds "museum" too comes first, with its bm25 over both words.
    const ranked = store.chunks.rank(question, { limit: 5, maxRows: 15 });
    expect(ranked[0]!.chunkId).toBe(visit.id);
    expect(ranked).toHaveLength(5);
    expect(ranked.every((hit) => hit.chunk.text.startsWith('Melanie:'))).toBe(true);
    const everyRow = store.chunks.rank(question, { limit: 100 });
    expect(everyRow.find((hit) => hit.chunkId === visit.id)!.score).toBeCloseTo(ranked[0]!.score, 9);
    // A word in more than four times the budget's rows (51 > 40) is not read at all: by Melanie
    // alone, her shorter turns come first.
    const byName = store.chunks.rank(question, { limit: 10, maxRows: 10 });
    expect(byName).toHaveLength(10);
    expect(byName[0]!.chunkId).not.toBe(visit.id);
  });

  it("a word's rows are counted only as far as the budget, and a count cut short is not trusted for a larger one", () => {
    const c = store.conversations.create();
    for (let i = 0; i < 5; i++) say(c.id, `The harbour crane lifted crate ${i}.`);
    // Counted up to 3 rows for a budget of 2: more than 2 is all it learns.
    expect(store.chunks.rank('harbour', { limit: 10, maxRows: 2 })).toEqual([]);
    // Five rows are still over a budget of 4, though the count above stopped at 3.
    expect(store.chunks.rank('harbour', { limit: 10, maxRows: 4 })).toEqual([]);
    expect(store.chunks.rank('harbour', { limit: 10, maxRows: 5 })).toHaveLength(5);
    // An exact count serves smaller budgets without counting again.
    expect(store.chunks.rank('harbour', { limit: 10, maxRows: 4 })).toEqual([]);
  });

  it('a conversation search sees only that conversation, however the rows interleave', () => {
    const a = store.conversations.create();
    const b = store.conversations.create();
    const inA: string[] = [];
    for (let i = 0; i < 20; i++) {
      inA.push(store.chunks.forResponse(say(a.id, `The lighthouse keeper wrote letter ${i}.`).id)[0]!.id);
      say(b.id, `The lighthouse in the other story, chapter ${i}.`);
    }
    const hits = store.chunks.rank('lighthouse', { limit: 100, conversationId: a.id });
    expect(hits.map((h) => h.chunkId).sort()).toEqual([...inA].sort());
    expect(store.chunks.rank('lighthouse', { limit: 100 })).toHaveLength(40);
  });

  it('the conversation token is not a word: history search does not find it', () => {
    const c = store.conversations.create();
    say(c.id, 'Notes about the garden.');
    const token = `c${Buffer.from(c.id, 'utf8').toString('hex')}0`;
    expect(store.chunks.search(token)).toEqual([]);
    expect(store.chunks.search('garden').map((h) => h.conversationId)).toEqual([c.id]);
    expect(store.chunks.rank(token, { limit: 10 })).toEqual([]);
  });
});

describe('migration 003 (conversation scope in the keyword index)', () => {
  let dir: ReturnType<typeof tempDir>;
  afterEach(() => dir.remove());

  it('indexes what schema 2 already stored, and keeps it in step with later writes', () => {
    dir = tempDir();
    // Rows as schema 2 wrote them: today's Store writes columns that schema did not have.
    const v2 = openDatabase(join(dir.path, 'mnemo.sqlite'), { migrations: MIGRATIONS.slice(0, 2) }).db;
    const a = { id: 'conversation-a' };
    const b = { id: 'conversation-b' };
    v2.prepare(`INSERT INTO conversations (id, created_at, updated_at) VALUES (?, 1, 1), (?, 1, 1)`).run(a.id, b.id);
    const chunk = v2.prepare(
      `INSERT INTO chunks (id, conversation_id, response_id, chunk_index, role, type, text, token_count, created_at) VALUES (?, ?, ?, 0, 'user', 'message', ?, 5, 1)`,
    );
    chunk.run('chunk-a', a.id, 'message-a', 'The kayak is orange.');
    chunk.run('chunk-b', b.id, 'message-b', 'The kayak is borrowed.');
    const inA = { id: 'message-a' };
    expect(v2.pragma('user_version', { simple: true })).toBe(2);
    v2.close();

    const store = openTestStore(dir.path, { now: testClock().now });
    try {
      const chunkOfA = store.chunks.forResponse(inA.id)[0]!.id;
      expect(store.chunks.rank('kayak', { limit: 10, conversationId: a.id }).map((h) => h.chunkId)).toEqual([chunkOfA]);
      expect(store.chunks.rank('kayak', { limit: 10 })).toHaveLength(2);
      store.db.prepare(`UPDATE chunks SET text = 'The canoe is orange.' WHERE id = ?`).run(chunkOfA);
      expect(store.chunks.rank('kayak', { limit: 10, conversationId: a.id })).toEqual([]);
      expect(store.chunks.rank('canoe', { limit: 10, conversationId: a.id }).map((h) => h.chunkId)).toEqual([chunkOfA]);
      store.deleteConversation(b.id);
      expect(store.chunks.rank('kayak', { limit: 10 })).toEqual([]);
      expect(store.chunks.search('canoe').map((h) => h.chunkId)).toEqual([chunkOfA]);
      expect(() =>
        store.db.prepare(`INSERT INTO chunks_fts (chunks_fts) VALUES ('integrity-check')`).run(),
      ).not.toThrow();
    } finally {
      store.close();
    }
  });
});

describe('prepared statements, reused', () => {
  it('a statement one caller plucks gives whole rows to the next', () => {
    const dir = tempDir();
    const store = openTestStore(dir.path, { now: testClock().now });
    try {
      const c = store.conversations.create({ title: 'Reused' });
      // Both repositories run `SELECT ... FROM conversations WHERE id = ?` shapes; check the
      // cache directly with one statement text used both ways.
      const ctx = (store as unknown as { ctx: { prepare: (sql: string) => Database.Statement } }).ctx;
      const sql = `SELECT id, title FROM conversations WHERE id = ?`;
      expect(ctx.prepare(sql).pluck().get(c.id)).toBe(c.id);
      expect(ctx.prepare(sql).get(c.id)).toEqual({ id: c.id, title: 'Reused' });
    } finally {
      store.close();
      dir.remove();
    }
  });
});
