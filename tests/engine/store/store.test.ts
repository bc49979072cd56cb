import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/engine/store';
import { openTestStore, tempDir, testClock } from '../../support/store';

describe('Store', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  const clock = testClock();

  beforeEach(() => {
    dir = tempDir();
    store = openTestStore(dir.path, { now: clock.now, chunkTokens: 50 });
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('opens in WAL mode with foreign keys on, reading through a memory map', () => {
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('mmap_size', { simple: true })).toBe(1024 * 1024 * 1024);
  });

  it('stores a turn with its chunks and outbox rows in one go, and reassembles it exactly', () => {
    const conversation = store.conversations.create({ title: 'Trip' });
    const text = Array.from({ length: 40 }, (_, i) => `Sentence ${i} about the trip to Lisbon and its trams.`).join(
      ' ',
    );
    const message = store.messages.appendTurn({ conversationId: conversation.id, role: 'user', content: text });

    const chunks = store.chunks.forResponse(message.id);
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map((c) => c.chunkIndex)).toEqual(chunks.map((_, i) => i));
    expect(chunks.every((c) => c.responseId === message.id && c.conversationId === conversation.id)).toBe(true);
    expect(store.chunks.reassemble(conversation.id, message.id)).toBe(text);
    expect(store.outbox.due(1000).map((e) => e.itemId)).toEqual(chunks.map((c) => c.id));
    expect(message.seq).toBe(1);
    expect(message.tokenCount).toBeGreaterThan(200);
  });

  it('numbers messages per conversation and lists the latest ones in order', () => {
    const a = store.conversations.create();
    for (let i = 1; i <= 5; i++)
      store.messages.appendTurn({ conversationId: a.id, role: i % 2 ? 'user' : 'assistant', content: `m${i}` });
    expect(store.messages.latest(a.id, 2).map((m) => m.content)).toEqual(['m4', 'm5']);
    expect(store.messages.list(a.id, { afterSeq: 3 }).map((m) => m.seq)).toEqual([4, 5]);
  });

  it('gives the heads of the turns a prompt can show (no streaming reply, no empty text), and their texts on demand', () => {
    const c = store.conversations.create();
    const first = store.messages.appendTurn({ conversationId: c.id, role: 'user', content: 'Where is the ferry?' });
    const failed = store.messages.appendTurn({
      conversationId: c.id,
      role: 'assistant',
      content: '',
      status: 'error',
      error: { code: 'OLLAMA_UNREACHABLE', message: 'down' },
    });
    const stopped = store.messages.appendTurn({
      conversationId: c.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
    });
    store.messages.saveStreamingText(stopped.id, 'It leaves from pier');
    store.messages.update(stopped.id, { content: 'It leaves from pier nine', status: 'stopped' });
    const long = store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'Tell me more. '.repeat(2_000),
    });
    const streaming = store.messages.appendTurn({
      conversationId: c.id,
      role: 'assistant',
      content: '',
      status: 'streaming',
    });
    store.messages.saveStreamingText(streaming.id, 'Half a reply');

    const all = store.messages.headsBefore(c.id, null, 400);
    const heads = [...all.heads].reverse();
    expect(heads.map((h) => h.id)).toEqual([first.id, stopped.id, long.id]);
    expect(heads.map((h) => h.tokenCount)).toEqual(
      [first.id, stopped.id, long.id].map((id) => store.messages.get(id).tokenCount),
    );
    expect(heads.map((h) => h.seq)).toEqual([1, 3, 4]);
    expect(heads[1]).toMatchObject({ role: 'assistant', status: 'stopped', conversationId: c.id });
    expect(all).toMatchObject({ rows: 5, oldestSeq: 1 });
    // A page counts messages before it drops those it cannot show; the next starts where it ended.
    const page = store.messages.headsBefore(c.id, null, 3);
    expect(page).toMatchObject({ rows: 3, oldestSeq: 3 });
    expect(page.heads.map((h) => h.id)).toEqual([long.id, stopped.id]);
    expect(store.messages.headsBefore(c.id, page.oldestSeq, 3)).toMatchObject({
      heads: [{ id: first.id }],
      rows: 2,
      oldestSeq: 1,
    });
    // The same turns, summed: after a seq, less one message, within a window of the newest.
    const tokens = (...ids: string[]) => ids.reduce((sum, id) => sum + store.messages.get(id).tokenCount, 0);
    expect(store.messages.shownSince(c.id, 0, null, 400)).toEqual({
      turns: 3,
      tokens: tokens(first.id, stopped.id, long.id),
    });
    expect(store.messages.shownSince(c.id, 1, long.id, 400)).toEqual({ turns: 1, tokens: tokens(stopped.id) });
    expect(store.messages.shownSince(c.id, 0, null, 2)).toEqual({ turns: 1, tokens: tokens(long.id) });
    expect(failed.tokenCount).toBe(0);

    const texts = store.messages.contents([long.id, first.id, 'no-such-message']);
    expect([...texts.keys()].sort()).toEqual([first.id, long.id].sort());
    expect(texts.get(long.id)).toBe('Tell me more. '.repeat(2_000));
  });

  it('re-chunks on update and queues removal of chunks that no longer exist', () => {
    const c = store.conversations.create();
    const long = 'word '.repeat(300);
    const m = store.messages.appendTurn({ conversationId: c.id, role: 'assistant', content: long });
    const before = store.chunks.forResponse(m.id).map((x) => x.id);
    store.outbox.complete(store.outbox.due(1000).map((e) => e.id));

    store.messages.update(m.id, { content: 'short now', status: 'complete' });
    expect(store.chunks.forResponse(m.id).map((x) => x.text)).toEqual(['short now']);
    const due = store.outbox.due(1000);
    expect(
      due
        .filter((e) => e.op === 'delete')
        .map((e) => e.itemId)
        .sort(),
    ).toEqual(before.slice(1).sort());
    expect(due.filter((e) => e.op === 'upsert').map((e) => e.itemId)).toEqual([`${m.id}:0`]);
  });

  it('stores a streaming reply without chunks and indexes it once finished or recovered', () => {
    const c = store.conversations.create();
    const m = store.messages.appendTurn({ conversationId: c.id, role: 'assistant', content: '', status: 'streaming' });
    store.messages.saveStreamingText(m.id, 'partial answer');
    expect(store.chunks.forResponse(m.id)).toEqual([]);
    const [recovered] = store.messages.recoverInterrupted();
    expect(recovered).toMatchObject({ id: m.id, status: 'stopped', content: 'partial answer' });
    expect(store.chunks.reassemble(c.id, m.id)).toBe('partial answer');
  });

  it('finds messages by keyword with highlighted snippets, filtered by conversation and archive state', () => {
    const a = store.conversations.create({ title: 'a' });
    const b = store.conversations.create({ title: 'b' });
    store.messages.appendTurn({ conversationId: a.id, role: 'user', content: 'My sister Ana lives in Porto.' });
    store.messages.appendTurn({ conversationId: b.id, role: 'user', content: 'Porto wine is sweet.' });
    store.messages.appendTurn({ conversationId: b.id, role: 'user', content: 'Nothing to see here.' });

    const hits = store.chunks.search('where does my sister live? porto');
    expect(hits.map((h) => h.conversationId)).toContain(a.id);
    expect(hits[0]?.conversationId).toBe(a.id);
    expect(hits[0]?.snippet).toContain('«sister»');
    expect(store.chunks.search('porto', { conversationId: b.id }).map((h) => h.conversationId)).toEqual([b.id]);

    store.setArchived(b.id, true);
    expect(store.chunks.search('porto').map((h) => h.conversationId)).toEqual([a.id]);
    expect(store.chunks.search('porto', { includeArchived: true })).toHaveLength(2);
  });

  it('treats FTS syntax in user text as words, never as an error', () => {
    const c = store.conversations.create();
    store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'NEAR the "quoted" AND (grouped) thing*',
    });
    expect(() => store.chunks.search('NEAR( "quoted AND -thing* ^col:x')).not.toThrow();
    expect(store.chunks.search('quoted grouped')).toHaveLength(1);
    expect(store.chunks.search('   ?? !! ')).toEqual([]);
  });

  it('lists conversations pinned first, then by last activity', () => {
    const old = store.conversations.create({ title: 'old' });
    clock.advance(1000);
    const mid = store.conversations.create({ title: 'mid' });
    clock.advance(1000);
    const recent = store.conversations.create({ title: 'recent' });
    clock.advance(1000);
    store.messages.appendTurn({ conversationId: old.id, role: 'user', content: 'bump' });
    store.conversations.setPinned(mid.id, true);
    expect(store.conversations.list().map((c) => c.title)).toEqual(['mid', 'old', 'recent']);
    store.setArchived(recent.id, true);
    expect(store.conversations.list().map((c) => c.title)).toEqual(['mid', 'old']);
    expect(store.conversations.list({ onlyArchived: true }).map((c) => c.title)).toEqual(['recent']);
  });

  it('deletes a conversation with all its messages, chunks, summaries and cached vectors', () => {
    const keep = store.conversations.create();
    const gone = store.conversations.create();
    store.messages.appendTurn({ conversationId: keep.id, role: 'user', content: 'keep me' });
    const m = store.messages.appendTurn({ conversationId: gone.id, role: 'user', content: 'forget me' });
    store.summaries.create({ conversationId: gone.id, content: 'a summary', firstSeq: 1, lastSeq: 1, trigger: 'idle' });
    store.embeddings.put('chunk', `${m.id}:0`, 'embed-model', 'h', [0.1, 0.2]);
    const goneChunks = store.chunks.idsForConversation(gone.id);
    store.outbox.complete(store.outbox.due(1000).map((e) => e.id));

    store.deleteConversation(gone.id);
    expect(store.conversations.find(gone.id)).toBeUndefined();
    expect(store.messages.find(m.id)).toBeUndefined();
    expect(store.chunks.idsForConversation(gone.id)).toEqual([]);
    expect(store.summaries.all(gone.id)).toEqual([]);
    expect(store.embeddings.countFor('embed-model')).toBe(0);
    expect(store.chunks.search('forget')).toEqual([]);
    expect(
      store.outbox
        .due(1000)
        .map((e) => [e.op, e.itemId])
        .sort(),
    ).toEqual(goneChunks.map((id) => ['delete', id]).sort());
    expect(store.messages.countFor(keep.id)).toBe(1);
  });

  it('stores summaries as chunks of type summary and records which messages they cover', () => {
    const c = store.conversations.create();
    const ids = ['one', 'two', 'three'].map(
      (t) => store.messages.appendTurn({ conversationId: c.id, role: 'user', content: t }).id,
    );
    const first = store.summaries.create({
      conversationId: c.id,
      content: 'covers one and two',
      firstSeq: 1,
      lastSeq: 2,
      trigger: 'overflow',
    });
    expect(store.summaries.coveredMessageIds(first.id)).toEqual(ids.slice(0, 2));
    expect(store.chunks.forResponse(first.id)[0]).toMatchObject({ type: 'summary', role: 'summary' });
    const folded = store.summaries.create({
      conversationId: c.id,
      content: 'covers all',
      firstSeq: 1,
      lastSeq: 3,
      trigger: 'overflow',
      supersedes: [first.id],
    });
    expect(store.summaries.current(c.id).map((s) => s.id)).toEqual([folded.id]);
    expect(store.summaries.coveredThrough(c.id)).toBe(3);
    expect(store.messages.countFor(c.id)).toBe(3);
  });

  it('keeps every memory change in history, and deletes undoably', () => {
    const m = store.memories.create(
      { content: 'Likes green tea', category: 'preference', importance: 3, source: 'user' },
      'user',
    );
    store.memories.update(m.id, { content: 'Likes jasmine tea', importance: 4 }, 'user');
    store.memories.softDelete(m.id, 'user');
    expect(store.memories.find(m.id)).toBeUndefined();
    expect(store.memories.search('jasmine')).toEqual([]);
    store.memories.restore(m.id, 'user');
    expect(store.memories.get(m.id)).toMatchObject({ content: 'Likes jasmine tea', importance: 4 });
    expect(store.memories.search('jasmine tea')[0]?.memory.id).toBe(m.id);
    const history = store.memories.history(m.id);
    expect(history.map((h) => h.action)).toEqual(['create', 'update', 'delete', 'restore']);
    expect(history[1]).toMatchObject({
      before: { content: 'Likes green tea' },
      after: { content: 'Likes jasmine tea', importance: 4 },
    });

    store.memories.softDelete(m.id, 'user');
    expect(store.memories.purgeDeleted()).toEqual([m.id]);
    expect(store.memories.history(m.id)).toEqual([]);
    expect(() => store.memories.restore(m.id, 'user')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('caches embeddings per item and model as float32', () => {
    store.embeddings.put('memory', 'm1', 'model-a', 'hash', [0.5, -0.25, 1]);
    expect(Array.from(store.embeddings.find('memory', 'm1', 'model-a')?.vector ?? [])).toEqual([0.5, -0.25, 1]);
    expect(store.embeddings.find('memory', 'm1', 'model-b')).toBeUndefined();
  });

  it('settings round-trip as JSON', () => {
    store.settings.set('ollama.host', 'http://127.0.0.1:11434');
    store.settings.set('context.length', 4096);
    expect(store.settings.get('context.length')).toBe(4096);
    expect(store.settings.all()).toEqual({ 'context.length': 4096, 'ollama.host': 'http://127.0.0.1:11434' });
  });
});
