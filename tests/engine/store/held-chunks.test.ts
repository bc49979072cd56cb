// Chunk rows held in memory between turns: the same rows come back without a read, and any
// change to what is stored (archive, re-chunk, delete, a conversation gone) is seen at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HeldChunks } from '../../../src/main/engine/store/held-chunks';
import type { Store } from '../../../src/main/engine/store';
import type { Chunk } from '../../../src/shared/domain';
import { openTestStore, tempDir, testClock } from '../../support/store';

describe('Held chunk rows', () => {
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

  const turn = (conversationId: string, role: 'user' | 'assistant', content: string) =>
    store.messages.appendTurn({ conversationId, role, content });
  const one = (id: string): Chunk | undefined => store.chunks.byIds([id])[0];

  it('hands out the same row again without reading it, frozen, and sees every change to stored rows', () => {
    const c = store.conversations.create();
    const question = turn(c.id, 'user', 'Which ferry goes to Cacilhas?');
    const reply = turn(c.id, 'assistant', 'The one from Cais do Sodré, every twenty minutes.');
    const id = `${reply.id}:0`;
    const first = one(id)!;
    expect(one(id)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(store.chunks.rank('ferry Cacilhas', { limit: 5 })[0]!.chunk).toBe(one(`${question.id}:0`));
    expect(store.chunks.adjacentTurnChunks([question.id]).get(question.id)).toBe(first);

    // Archived: the flag is read again.
    store.chunks.setArchivedForConversation(c.id, true);
    expect(one(id)).toMatchObject({ id, archived: true });
    store.chunks.setArchivedForConversation(c.id, false);

    // Re-chunked by an edit: the new text, not the held one.
    store.messages.update(reply.id, { content: 'The orange ferry, from Cais do Sodré.', status: 'complete' });
    expect(one(id)!.text).toBe('The orange ferry, from Cais do Sodré.');
    expect(store.chunks.adjacentTurnChunks([question.id]).get(question.id)!.text).toBe(
      'The orange ferry, from Cais do Sodré.',
    );

    // Deleted: gone from ids, from the keyword ranks and as the turn next to its question.
    store.messages.delete(reply.id);
    expect(one(id)).toBeUndefined();
    expect(store.chunks.adjacentTurnChunks([question.id]).size).toBe(0);
    expect(store.chunks.rank('orange', { limit: 5 })).toEqual([]);

    // A conversation deleted takes its chunks with it (cascade), held or not.
    const questionChunk = `${question.id}:0`;
    expect(one(questionChunk)).toBeDefined();
    store.conversations.deleteRow(c.id);
    expect(one(questionChunk)).toBeUndefined();
  });

  it('never holds what a transaction read before it was rolled back', () => {
    const c = store.conversations.create();
    const message = turn(c.id, 'user', 'The spare key is under the blue pot.');
    const id = `${message.id}:0`;
    const held = one(id)!;
    expect(() =>
      store.db.transaction(() => {
        store.db.prepare(`UPDATE chunks SET text = 'changed' WHERE id = ?`).run(id);
        expect(one(id)!.text).toBe('changed');
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    // The counter is back where it was; one more change elsewhere moves it to where the
    // rolled-back one had it. What was read inside the transaction must not be served then.
    const other = store.conversations.create();
    turn(other.id, 'user', 'Unrelated.');
    store.chunks.setArchivedForConversation(other.id, true);
    expect(one(id)).toEqual(held);
    expect(one(id)!.text).toBe('The spare key is under the blue pot.');
  });

  it('forgets the least recently used rows past its capacity', () => {
    const held = new HeldChunks(2);
    held.syncTo(0);
    const chunk = (id: string) => ({ id }) as Chunk;
    held.hold(1, chunk('a'));
    held.hold(2, chunk('b'));
    expect(held.byChunkId('a')?.id).toBe('a');
    held.hold(3, chunk('c'));
    expect([held.byChunkId('a')?.id, held.byChunkId('b'), held.byRow(3)?.id]).toEqual(['a', undefined, 'c']);
    expect(held.byRow(2)).toBeUndefined();
    expect(held.size).toBe(2);
    held.syncTo(1);
    expect(held.size).toBe(0);
  });
});
