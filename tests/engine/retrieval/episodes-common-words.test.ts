// The episode list on a long history: a word too common to read everywhere ("museum" in
// thousands of other chunks) is still counted in the conversations of the sittings the
// question's rarer words match best, so the sitting in which the museum came up is the one that
// leads among those with the person asked about. Real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { episodeCandidates } from '../../../src/main/engine/retrieval/episodes';
import type { Store } from '../../../src/main/engine/store';
import { openTestStore, tempDir, testClock } from '../../support/store';

const DAY = 86_400_000;
const MINUTE = 60_000;
const QUESTION = 'When did Melanie go to the museum?';

describe('the episode list beside a long history', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  /** Each Melanie sitting's conversation and message ids. */
  const sittings: { conversationId: string; ids: string[] }[] = [];
  let museumTurn = '';
  const strangers: string[] = [];

  beforeEach(() => {
    dir = tempDir();
    store = openTestStore(dir.path, { now: testClock().now });
    const start = Date.UTC(2025, 2, 1);
    const say = (conversationId: string, content: string, createdAt: number) =>
      store.messages.appendTurn({ conversationId, role: 'user', content, createdAt }).id;
    // Six sittings with Melanie, a day apart, each its own conversation; in the fourth her friend
    // asks about the museum, in a turn that does not name her.
    sittings.length = 0;
    strangers.length = 0;
    for (let s = 0; s < 6; s++) {
      const c = store.conversations.create({ createdAt: start + s * DAY });
      const at = start + s * DAY;
      const ids = [
        say(c.id, `Melanie: Morning! Busy week ${s} ahead.`, at),
        say(
          c.id,
          s === 3 ? 'Caroline: How was the museum with the kids?' : `Caroline: Tell me about week ${s}.`,
          at + MINUTE,
        ),
        say(c.id, `Melanie: Mostly work, week ${s}.`, at + 2 * MINUTE),
      ];
      if (s === 3) museumTurn = ids[1]!;
      sittings.push({ conversationId: c.id, ids });
    }
    // Strangers' chunks about museums, more than the list may read: too common to find sittings by.
    for (let i = 0; i < 30; i++) {
      const c = store.conversations.create({ createdAt: start + 10 * DAY + i * DAY });
      strangers.push(c.id);
      say(c.id, `Note ${i}: the museum opens late on Thursdays.`, start + 10 * DAY + i * DAY);
    }
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  /** "melanie" is in 12 chunks, within a budget of 15; "museum" in 31, over it but within four times it. */
  const ask = (query: string, options: { termRows: number; limit?: number }) =>
    episodeCandidates(store, { query, conversationId: null, crossConversation: true }, { limit: 6, ...options })
      .candidates;
  const sittingOf = (messageId: string) => sittings.findIndex((s) => s.ids.includes(messageId));

  it('counts the common word in the sittings the rarer words lead to: the museum sitting leads', () => {
    const candidates = ask(QUESTION, { termRows: 15 });
    expect(candidates).toHaveLength(6);
    // The museum sitting's turns first: by Melanie's name alone all six sittings match alike, and
    // the list would give them in the order they were said (the first sitting leading).
    expect(candidates.slice(0, 3).map((c) => sittingOf(c.chunk.responseId))).toEqual([3, 3, 3]);
    expect(candidates[0]!.chunk.responseId).toBe(museumTurn);
    // No stranger's museum note comes in: the common word finds no sitting of its own.
    expect(candidates.every((c) => sittingOf(c.chunk.responseId) >= 0)).toBe(true);
  });

  it('finds no sitting by a common word alone, nor by Melanie once her name is over the budget too', () => {
    // "museum" (31 chunks) is over a budget of 15: it only counts where a rarer word leads.
    expect(ask('The museum tickets?', { termRows: 15 })).toEqual([]);
    // "melanie" (12) over a budget of 10 as well: nothing is left to find sittings by.
    expect(ask(QUESTION, { termRows: 10 })).toEqual([]);
    // At 13 her name finds them again, and the museum sitting leads.
    expect(sittingOf(ask(QUESTION, { termRows: 13 })[0]!.chunk.responseId)).toBe(3);
  });

  it('reads a common word only where it was asked to, and not at all beyond the budget', () => {
    const within = new Set([sittings[3]!.conversationId, strangers[0]!]);
    const [museum] = store.chunks.termRowsWithin(['museum'], within, { maxRows: 60 });
    expect(museum!.term).toBe('museum');
    // Its weight is from the whole history, its chunks only those of the two conversations.
    expect(museum!.chunks).toBe(31);
    expect(museum!.rows.map((r) => r.conversationId).sort()).toEqual([...within].sort());
    // Over the budget (31 chunks to read, 30 allowed): not read.
    expect(store.chunks.termRowsWithin(['museum'], within, { maxRows: 30 })).toEqual([]);
    // termRows names the words it left out.
    expect(store.chunks.termRows(QUESTION, { maxRows: 15 }).leftOut).toEqual(['museum']);
  });
});
