// History search reads the rows of the hits it shows, not of every row that matches: ranking comes
// from the FTS5 index alone. Joining every match to its chunk row (and making its snippet) before
// sorting read and decrypted most of an encrypted file for a common word — History search was ~4x
// slower encrypted at 100k. Measured with the kernel's count of bytes this process read
// (/proc/self/io, Linux), on a real encrypted file opened cold.
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/engine/store';
import { openTestStore, tempDir } from '../../support/store';

const MATCHING_MESSAGES = 1500;
const FILLER = 'the harbour lights went on one by one along the quay while boats came in. ';

function bytesReadSoFar(): number {
  const line = readFileSync('/proc/self/io', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('rchar:'));
  return Number(line!.split(':')[1]);
}

describe.skipIf(!existsSync('/proc/self/io'))('History search over an encrypted file', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let conversations: { busy: string; quiet: string };

  beforeEach(() => {
    dir = tempDir();
    store = openTestStore(dir.path);
    const busy = store.conversations.create({ title: 'busy' }).id;
    const quiet = store.conversations.create({ title: 'quiet' }).id;
    store.transaction(() => {
      for (let n = 0; n < MATCHING_MESSAGES; n++) {
        // Short rows mention the word often and rank first (bm25); each row is ~2 KB, so the
        // matching rows fill about 3 MB of the file.
        const content = n % 3 === 0 ? `apple apple pie number ${n}` : `${FILLER.repeat(26)} an apple, ${n}.`;
        store.messages.appendTurn({ conversationId: busy, role: 'user', content });
      }
      store.messages.appendTurn({
        conversationId: quiet,
        role: 'user',
        content: `${FILLER.repeat(26)} apple, quiet one.`,
      });
    });
    store.close();
    store = openTestStore(dir.path);
    conversations = { busy, quiet };
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  it('reads a small part of the file for a word in every row, not every matching row', () => {
    const fileBytes = readFileSync(`${dir.path}/mnemo.sqlite`).length;
    const before = bytesReadSoFar();
    const hits = store.chunks.search('apple', { limit: 20 });
    const read = bytesReadSoFar() - before;
    expect(hits).toHaveLength(20);
    expect(hits[0]!.snippet).toContain('«apple»');
    expect(fileBytes).toBeGreaterThan(3_000_000);
    // Joining every match read ~3 MB here (checked): the index and twenty rows are far less.
    expect(read).toBeLessThan(fileBytes / 10);
  });

  it('still finds the hits a filter allows when it turns away all the best matches', () => {
    store.setArchived(conversations.busy, true);
    const hits = store.chunks.search('apple', { limit: 20 });
    expect(hits.map((h) => h.conversationId)).toEqual([conversations.quiet]);
    expect(hits[0]!.snippet).toContain('«apple»');
    expect(store.chunks.search('apple', { limit: 20, includeArchived: true })).toHaveLength(20);
  });

  it('ranks as bm25 ranks, best first, each hit with a snippet of its own text', () => {
    const hits = store.chunks.search('apple pie', { limit: 30 });
    expect(hits).toHaveLength(30);
    for (const hit of hits) {
      expect(hit.snippet).toContain('«pie»');
      const shown = hit.snippet.replace(/[«»]/g, '').replace(/^…|…$/g, '');
      expect(store.chunks.get(hit.chunkId)?.text).toContain(shown);
    }
    expect(new Set(hits.map((h) => h.snippet)).size).toBe(30);
    const scores = hits.map((h) => h.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });
});
