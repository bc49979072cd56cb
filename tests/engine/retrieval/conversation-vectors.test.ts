// The in-process search within a conversation: it agrees with plain cosine distance, follows
// every vector the store writes or deletes after it first answered, and forgets what it held
// when the store moves to a fresh file. Real SQLite file, no mocks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Store } from '../../../src/main/engine/store';
import { HeldConversationVectors } from '../../../src/main/engine/retrieval';
import { openTestStore, tempDir, testClock } from '../../support/store';

describe('nearest chunks within a conversation', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let held: HeldConversationVectors;
  const model = 'test-embed';

  beforeEach(() => {
    dir = tempDir();
    store = openTestStore(dir.path, { now: testClock().now });
    held = new HeldConversationVectors(store);
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  const cosineDistance = (a: number[], b: number[]) => {
    const dot = a.reduce((sum, x, i) => sum + x * b[i]!, 0);
    return 1 - dot / (Math.hypot(...a) * Math.hypot(...b));
  };

  function embedAll(conversationId: string, vectors: number[][]): string[] {
    return vectors.map((vector, i) => {
      const message = store.messages.appendTurn({ conversationId, role: 'user', content: `turn ${i}` });
      const id = store.chunks.forResponse(message.id)[0]!.id;
      store.embeddings.put('chunk', id, model, `h${i}`, vector);
      return id;
    });
  }

  it('ranks by cosine distance as Chroma would, and only this conversation', () => {
    const here = store.conversations.create();
    const elsewhere = store.conversations.create();
    const vectors = [
      [1, 0, 0],
      [0.9, 0.1, 0],
      [0, 1, 0],
      [-1, 0.2, 0],
      [0.3, 0.3, 0.9],
    ];
    const ids = embedAll(here.id, vectors);
    embedAll(elsewhere.id, [[1, 0, 0]]);
    const query = [2, 0.5, 0];
    const hits = held.search(here.id, model, query, 3).hits;
    const expected = vectors
      .map((v, i) => ({ id: ids[i]!, distance: cosineDistance(v, query) }))
      .sort((a, b) => a.distance - b.distance)
      .slice(0, 3);
    expect(hits.map((h) => h.id)).toEqual(expected.map((e) => e.id));
    hits.forEach((hit, i) => expect(hit.distance).toBeCloseTo(expected[i]!.distance, 5));
    expect(held.search(here.id, 'other-model', query, 3).hits).toEqual([]);
  });

  it('follows vectors written, re-written and deleted after it first answered', () => {
    const c = store.conversations.create();
    const [a, b] = embedAll(c.id, [
      [1, 0],
      [0, 1],
    ]);
    expect(held.search(c.id, model, [1, 0], 1).hits[0]!.id).toBe(a);
    const [late] = embedAll(c.id, [[1, 0.01]]);
    expect(held.search(c.id, model, [1, 0.01], 1).hits[0]!.id).toBe(late);
    store.embeddings.put('chunk', b!, model, 'changed', [1, 0.01]);
    store.embeddings.deleteItems('chunk', [late!]);
    expect(held.search(c.id, model, [1, 0.01], 1).hits[0]!.id).toBe(b);
    expect(
      held
        .search(c.id, model, [1, 0], 5)
        .hits.map((h) => h.id)
        .sort(),
    ).toEqual([a, b].sort());
  });

  it('forgets what it held when the store moves to a fresh file (delete all)', () => {
    const c = store.conversations.create();
    embedAll(c.id, [[1, 0]]);
    expect(held.search(c.id, model, [1, 0], 5).hits).toHaveLength(1);
    const fresh = openDatabase(`${dir.path}/fresh.sqlite`);
    store.replaceDatabase(fresh.db);
    expect(held.search(c.id, model, [1, 0], 5).hits).toEqual([]);
  });
});
