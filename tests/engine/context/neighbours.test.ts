// The context brought along with a hit: the parts either side of it in a long message; for a
// short turn, the turn next to it (the reply to a question, the question an answer answered)
// and the turn beyond that exchange, unless that turn is long; nothing for a summary. Real store on a real SQLite file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chunk } from '../../../src/shared/domain';
import { Neighbourhood } from '../../../src/main/engine/context/neighbours';
import { REASONS } from '../../../src/main/engine/context/reasons';
import type { Store } from '../../../src/main/engine/store';
import { openTestStore, tempDir } from '../../support/store';

describe('Neighbourhood', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(() => {
    dir = tempDir();
    store = openTestStore(dir.path, { chunkTokens: 40 });
  });
  afterEach(() => {
    store.close();
    dir.remove();
  });

  const only = (id: string): Chunk => store.chunks.forResponse(id)[0]!;

  it('brings the parts either side of a chunk of a long message, and the turn next to a short one', () => {
    const c = store.conversations.create();
    const question = store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'Which ferry goes to Tromsø?',
    });
    const answer = store.messages.appendTurn({
      conversationId: c.id,
      role: 'assistant',
      content: 'The blue one, at seven.',
    });
    const long = store.messages.appendTurn({
      conversationId: c.id,
      role: 'assistant',
      content: Array.from({ length: 12 }, (_, i) => `Sentence ${i} of a long answer about ferries.`).join(' '),
    });
    const after = store.messages.appendTurn({ conversationId: c.id, role: 'user', content: 'Thanks!' });
    const parts = store.chunks.forResponse(long.id);
    expect(parts.length).toBeGreaterThanOrEqual(3);

    const neighbours = new Neighbourhood(store);
    neighbours.load([only(question.id), only(answer.id), parts[1]!, parts[0]!]);
    expect(neighbours.of(only(question.id))).toEqual([
      { chunk: only(answer.id), reason: REASONS.replyToFound, side: 'exchange' },
    ]);
    // A reply brings its question, and the message after it (here the long one's first part).
    expect(neighbours.of(only(answer.id))).toEqual([
      { chunk: only(question.id), reason: REASONS.questionOfFound, side: 'exchange' },
      { chunk: parts[0], reason: REASONS.turnAfterFound, side: 'beyond' },
    ]);
    expect(neighbours.of(parts[1]!).map((n) => [n.chunk.id, n.reason])).toEqual([
      [parts[0]!.id, { code: 'partOfMessage', part: 1 }],
      [parts[2]!.id, { code: 'partOfMessage', part: 3 }],
    ]);
    // The first part of a long message has only the part after it; not the turn before.
    expect(neighbours.of(parts[0]!).map((n) => n.chunk.id)).toEqual([parts[1]!.id]);
    // A question nothing answered yet has no reply, but the turn it followed up on (the long
    // answer's last part); one asked for without `load` is read then.
    expect(neighbours.of(only(after.id))).toEqual([
      { chunk: parts.at(-1), reason: REASONS.turnBeforeFound, side: 'beyond' },
    ]);
  });

  it('leaves a long reply out: a short question would bring a chunk of 160 tokens at most', () => {
    store.close();
    store = openTestStore(dir.path, { chunkTokens: 500 });
    const c = store.conversations.create();
    const question = store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'Tell me about ferries.',
    });
    const longReply = store.messages.appendTurn({
      conversationId: c.id,
      role: 'assistant',
      content: 'Ferries carry people and cars across water. '.repeat(30),
    });
    expect(store.chunks.forResponse(longReply.id)).toHaveLength(1);
    expect(only(longReply.id).tokenCount).toBeGreaterThan(160);
    const short = store.conversations.create();
    const ask = store.messages.appendTurn({ conversationId: short.id, role: 'user', content: 'And trams?' });
    const reply = store.messages.appendTurn({
      conversationId: short.id,
      role: 'assistant',
      content: 'Trams run on rails in the street. '.repeat(10),
    });
    expect(only(reply.id).tokenCount).toBeLessThanOrEqual(160);
    const neighbours = new Neighbourhood(store);
    expect(neighbours.of(only(question.id))).toEqual([]);
    expect(neighbours.of(only(ask.id)).map((n) => n.chunk.id)).toEqual([only(reply.id).id]);
  });

  it('gives nothing for summaries, nor for a turn with no neighbour', () => {
    const c = store.conversations.create();
    const alone = store.messages.appendTurn({ conversationId: c.id, role: 'user', content: 'Just one message.' });
    const summary = store.summaries.create({
      conversationId: c.id,
      content: 'They talked about one thing.',
      firstSeq: 1,
      lastSeq: 1,
      trigger: 'idle',
    });
    const summaryChunk = store.chunks.forResponse(summary.id)[0]!;
    const neighbours = new Neighbourhood(store);
    neighbours.load([only(alone.id), summaryChunk]);
    expect(neighbours.of(only(alone.id))).toEqual([]);
    expect(neighbours.of(summaryChunk)).toEqual([]);
  });
});
