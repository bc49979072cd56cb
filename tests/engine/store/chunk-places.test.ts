// Every chunk's conversation and time held in memory for the episode list's word rows
// (store/chunk-places.ts): read once, then only the rows added; all read again after any change
// or removal; never from inside a transaction. Real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChunkPlaces } from '../../../src/main/engine/store/chunk-places';
import type { Store } from '../../../src/main/engine/store';
import { openTestStore, tempDir, testClock } from '../../support/store';

describe('Chunk places held in memory', () => {
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

  const say = (conversationId: string, content: string, createdAt: number) =>
    store.messages.appendTurn({ conversationId, role: 'user', content, createdAt });
  /** Where and when each chunk holding the word was said, as the episode list reads it. */
  const placesOf = (word: string) =>
    store.chunks
      .termRows(word, { maxRows: 1_000 })
      .terms.flatMap((t) => t.rows)
      .map(({ conversationId, createdAt }) => ({ conversationId, createdAt }))
      .sort((a, b) => a.createdAt - b.createdAt);
  /** The same, read from the table row by row. */
  const storedPlacesOf = (word: string) =>
    (
      store.db
        .prepare(
          `SELECT c.conversation_id AS conversationId, c.created_at AS createdAt FROM chunks_fts
           JOIN chunks c ON c.rowid = chunks_fts.rowid WHERE chunks_fts MATCH ? ORDER BY c.created_at`,
        )
        .all(`text : "${word}"`) as { conversationId: string; createdAt: number }[]
    ).map((row) => ({ ...row }));

  it('names the conversation and time each matching chunk was said, as stored, through new turns and removals', () => {
    const a = store.conversations.create();
    const b = store.conversations.create();
    say(a.id, 'The kayak trip on the Douro.', 1_000);
    say(b.id, 'Booked the kayak for Sunday.', 2_000);
    expect(placesOf('kayak')).toEqual([
      { conversationId: a.id, createdAt: 1_000 },
      { conversationId: b.id, createdAt: 2_000 },
    ]);

    // Added after the first read: read then, with nothing else.
    say(b.id, 'The kayak had a leak.', 3_000);
    expect(placesOf('kayak')).toEqual(storedPlacesOf('kayak'));
    expect(placesOf('kayak')).toHaveLength(3);

    // The newest chunk removed and its rowid given to a chunk of another conversation: the
    // place read is the new one's, not what the rowid held before.
    const last = say(b.id, 'Kayak number four.', 4_000);
    expect(placesOf('kayak')).toHaveLength(4);
    const rowidBefore = store.db.prepare(`SELECT rowid FROM chunks WHERE response_id = ?`).pluck().get(last.id);
    store.messages.delete(last.id);
    const c = store.conversations.create();
    const again = say(c.id, 'A kayak of our own at last.', 5_000);
    expect(store.db.prepare(`SELECT rowid FROM chunks WHERE response_id = ?`).pluck().get(again.id)).toBe(rowidBefore);
    expect(placesOf('kayak')).toEqual(storedPlacesOf('kayak'));
    expect(placesOf('kayak').at(-1)).toEqual({ conversationId: c.id, createdAt: 5_000 });

    // A conversation deleted takes its chunks' places with it.
    store.conversations.deleteRow(a.id);
    expect(placesOf('kayak')).toEqual(storedPlacesOf('kayak'));
    expect(placesOf('kayak').some((p) => p.conversationId === a.id)).toBe(false);
  });

  it('never keeps the place of a row a rolled-back transaction wrote, whose rowid the next write takes', () => {
    const a = store.conversations.create();
    const b = store.conversations.create();
    say(a.id, 'Lighthouse walk at dawn.', 1_000);
    expect(placesOf('lighthouse')).toHaveLength(1);
    expect(() =>
      store.db.transaction(() => {
        say(a.id, 'Another lighthouse, inside the transaction.', 2_000);
        // Read inside the transaction: right there, and not held for later.
        expect(placesOf('lighthouse')).toEqual(storedPlacesOf('lighthouse'));
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    say(b.id, 'The lighthouse keeper waved.', 3_000);
    expect(placesOf('lighthouse')).toEqual([
      { conversationId: a.id, createdAt: 1_000 },
      { conversationId: b.id, createdAt: 3_000 },
    ]);
  });

  it('reads only the rows added since its last read while nothing changed, and all of them again once something did', () => {
    const places = new ChunkPlaces();
    const reads: number[] = [];
    const rows: [number, string, number][] = [
      [1, 'c1', 10],
      [2, 'c1', 20],
      [5, 'c2', 50],
    ];
    const readAfter = (after: number) => {
      reads.push(after);
      return rows.filter(([rowid]) => rowid > after);
    };
    places.syncTo(0, 5, readAfter);
    expect(places.placeOf(2)).toEqual({ conversationId: 'c1', createdAt: 20 });
    expect(places.placeOf(3)).toBeUndefined();
    expect(places.placeOf(5)).toEqual({ conversationId: 'c2', createdAt: 50 });
    places.syncTo(0, 5, readAfter);
    expect(reads).toEqual([0]);

    rows.push([6, 'c3', 60]);
    places.syncTo(0, 6, readAfter);
    expect(reads).toEqual([0, 5]);
    expect(places.placeOf(6)).toEqual({ conversationId: 'c3', createdAt: 60 });

    // A row changed or removed moves the version: everything is read again, and what is gone is gone.
    rows.splice(0, 1);
    places.syncTo(1, 6, readAfter);
    expect(reads).toEqual([0, 5, 0]);
    expect(places.placeOf(1)).toBeUndefined();
    expect(places.placeOf(2)).toEqual({ conversationId: 'c1', createdAt: 20 });
  });
});
