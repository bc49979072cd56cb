// The active path read in pages, as the context assembler reads it: on a branched conversation
// the pages walk up the shown branch only, and join up to exactly the messages shown.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../../src/main/engine/store';
import { storeDeps, tempDir, TEST_KEY } from '../../support/store';

describe('the active path, in pages', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    dir = tempDir();
    store = Store.open(join(dir.path, 'mnemo.sqlite'), storeDeps(), { key: TEST_KEY });
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('pages of heads and the shown-since sums follow the branch shown, before and after a fork', () => {
    const c = store.conversations.create().id;
    const write = (n: number) =>
      store.messages.appendTurn({ conversationId: c, role: n % 2 ? 'assistant' : 'user', content: `turn ${n}` });
    const written = Array.from({ length: 150 }, (_, n) => write(n));
    const pages = () => {
      const ids: string[] = [];
      let before: number | null = null;
      for (let pageCount = 0; pageCount < 10; pageCount++) {
        const page = store.messages.headsBefore(c, before, 64);
        ids.push(...page.heads.map((h) => h.id));
        if (page.rows < 64) return ids.reverse();
        before = page.oldestSeq;
      }
      throw new Error('the pages never reached the first message');
    };
    expect(pages()).toEqual(written.map((m) => m.id));

    // Branch at turn 99 and write 30 more: 100 + 30 shown, the old 50 not.
    store.tree.branchAt(written[99]!.id);
    const branch = Array.from({ length: 30 }, (_, n) => write(1000 + n));
    const shown = [...written.slice(0, 100), ...branch].map((m) => m.id);
    expect(store.messages.list(c).map((m) => m.id)).toEqual(shown);
    expect(pages()).toEqual(shown);
    expect(store.messages.shownSince(c, 0, null, 400)).toEqual({
      turns: 130,
      tokens: store.messages.list(c).reduce((sum, m) => sum + m.tokenCount, 0),
    });
    expect(store.messages.shownSince(c, 0, null, 10).turns).toBe(10);
    expect(store.messages.shownSince(c, written[98]!.seq, branch[0]!.id, 400).turns).toBe(30);
  });

  it('names the conversations that forked, the only ones whose turns can be off their active path', () => {
    const straight = store.conversations.create().id;
    const forked = store.conversations.create().id;
    const say = (c: string, content: string) => store.messages.appendTurn({ conversationId: c, role: 'user', content });
    say(straight, 'one');
    say(straight, 'two');
    const first = say(forked, 'one');
    const old = say(forked, 'two');
    expect(store.tree.branched([straight, forked])).toEqual(new Set());

    store.tree.branchAt(first.id);
    const replacement = say(forked, 'two, again');
    expect(store.tree.branched([straight, forked, 'no-such-conversation'])).toEqual(new Set([forked]));
    expect(store.tree.offActivePath([old.id, replacement.id])).toEqual(new Set([old.id]));
    expect(store.tree.branched([])).toEqual(new Set());
  });
});
