// New rows get time-ordered ids (UUIDv7), so a burst of writes appends at the right edge of the
// indexes keyed by id (messages by id and by parent, chunks by id and by message) instead of
// rewriting a random leaf of each per row. In an encrypted file every page a commit writes is
// encrypted, and decrypted and encrypted again by the checkpoint: counted here in WAL pages.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timeOrderedId, type Store } from '../../../src/main/engine/store';
import { startEngine } from '../../support/engine';
import { openTestStore, tempDir } from '../../support/store';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('time-ordered ids', () => {
  it('are RFC 9562 version 7 UUIDs that carry the time and sort in the order they were made', () => {
    // Ahead of any id made before in this process: ids never go back in time.
    const at = Date.now() + 1_000;
    const ids = Array.from({ length: 5000 }, (_, i) => timeOrderedId(at + Math.floor(i / 1000)));
    for (const id of ids.slice(0, 50)) expect(id).toMatch(UUID_V7);
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
    // 1,000 ids within one millisecond still sort in order, and none repeats.
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the engine', () => {
  it('gives new conversations and messages time-ordered ids', async () => {
    const harness = await startEngine();
    try {
      const { store } = harness.engine.internals;
      const conversation = store.conversations.create({ title: 'ids' });
      const message = store.messages.appendTurn({ conversationId: conversation.id, role: 'user', content: 'hello' });
      expect(conversation.id).toMatch(UUID_V7);
      expect(message.id).toMatch(UUID_V7);
      expect(message.id > conversation.id).toBe(true);
    } finally {
      await harness.dispose();
    }
  });
});

describe('WAL pages a 500-turn import writes into an encrypted store of 3,000 messages', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.remove());

  const text = (n: number) =>
    `Message ${n} about the garden, the ${n % 97} tomatoes and a trip to ${n % 31} places. `.repeat(4);

  /** Imports 3,000 turns, then 500 more in one transaction; the pages that commit appended to the WAL. */
  function pagesOfLastImport(newId: () => string): number {
    const path = `${dir.path}/${newId === randomUUID ? 'random' : 'ordered'}`;
    const store: Store = openTestStore(path, { newId });
    try {
      let n = 0;
      let conversationId = '';
      const importTurns = (count: number) =>
        store.transaction(() => {
          for (let i = 0; i < count; i++, n++) {
            if (n % 20 === 0) conversationId = store.conversations.create({ title: `c${n}` }).id;
            store.messages.appendTurn({ conversationId, role: n % 2 ? 'assistant' : 'user', content: text(n) });
          }
        });
      for (let k = 0; k < 6; k++) importTurns(500);
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      importTurns(500);
      // An encrypted file is checkpointed only after 10,000 WAL pages: everything the commit wrote is still there.
      const [{ log }] = store.db.pragma('wal_checkpoint(PASSIVE)') as [{ log: number }];
      return log;
    } finally {
      store.close();
    }
  }

  it('is a fraction with time-ordered ids of what random ids write', () => {
    const random = pagesOfLastImport(randomUUID);
    const ordered = pagesOfLastImport(() => timeOrderedId());
    console.log(`WAL pages of the last 500 turns: random ids ${random}, time-ordered ids ${ordered}`);
    expect(ordered).toBeLessThan(random * 0.65);
  });
});
