// The open conversation gets no extra weight in retrieval: a question asked in a long
// conversation about what was said in another finds the other's closer turn first, and every
// hit scores as it would for the same question asked in a new conversation. Real engine: SQLite
// file, Chroma sidecar, test Ollama server over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../../support/engine';
import { HybridRetriever } from '../../../src/main/engine/retrieval';

const DAY = 86_400_000;
const MINUTE = 60_000;
const QUESTION = 'When does the ferry to Cacilhas leave?';

describe('retrieval asked in an open conversation', () => {
  let h: EngineHarness;
  let openConversation = '';
  let closer = '';
  let looser = '';

  beforeAll(async () => {
    h = await startEngine();
    const { store } = h.engine.internals;
    const start = Date.UTC(2025, 5, 2);
    // A chat weeks ago that says it plainly.
    const past = store.conversations.create({ title: 'Lisbon plans', createdAt: start });
    closer = store.messages.appendTurn({
      conversationId: past.id,
      role: 'user',
      content: 'The ferry to Cacilhas leaves at nine.',
      createdAt: start,
    }).id;
    store.messages.appendTurn({
      conversationId: past.id,
      role: 'assistant',
      content: 'Noted.',
      createdAt: start + MINUTE,
    });
    // The long conversation open now, about other things, which touched on the ferry once, unsure.
    const open = store.conversations.create({ title: 'everyday', createdAt: start + 20 * DAY });
    openConversation = open.id;
    for (let i = 0; i < 30; i++)
      store.messages.appendTurn({
        conversationId: open.id,
        role: i % 2 ? 'assistant' : 'user',
        content: i % 2 ? `Sounds good (${i}).` : `Groceries, laundry and a call with my sister, day ${i}.`,
        createdAt: start + 20 * DAY + i * MINUTE,
      });
    looser = store.messages.appendTurn({
      conversationId: open.id,
      role: 'user',
      content: 'The ferry to Cacilhas leaves at nine or ten, I think.',
      createdAt: start + 20 * DAY + 40 * MINUTE,
    }).id;
    for (let i = 0; i < 6; i++)
      store.messages.appendTurn({
        conversationId: open.id,
        role: i % 2 ? 'assistant' : 'user',
        content: i % 2 ? `Right (${i}).` : `Back to the week's errands, part ${i}.`,
        createdAt: start + 20 * DAY + (41 + i) * MINUTE,
      });
    await h.engine.internals.indexer.flush(10);
  });

  afterAll(async () => {
    await h?.dispose();
  });

  const retrieve = async (conversationId: string | null) => {
    const { store, vectors } = h.engine.internals;
    const retriever = new HybridRetriever(store, vectors, () => h.engine.services.settings.embeddingModel());
    return retriever.retrieve({
      query: QUESTION,
      queryEmbedding: await h.engine.internals.queries.embed(QUESTION),
      conversationId,
      crossConversation: true,
      excludeResponseIds: new Set(),
      limit: 10,
    });
  };

  it("puts the other conversation's plain answer above the open one's unsure turn", async () => {
    const { hits } = await retrieve(openConversation);
    const ids = hits.map((hit) => hit.chunk.responseId);
    expect(ids.indexOf(closer)).toBe(0);
    const open = hits.find((hit) => hit.chunk.responseId === looser)!;
    expect(open.fromCurrentConversation).toBe(true);
    expect(open.score).toBeLessThan(hits[0]!.score);
  });

  it('scores every hit as it would for the same question asked in a new conversation', async () => {
    // Within float error: the open conversation's vectors are compared in process, the rest by Chroma.
    const inOpen = await retrieve(openConversation);
    const inNew = await retrieve(null);
    const scores = (hits: typeof inOpen.hits) => new Map(hits.map((hit) => [hit.chunk.id, hit.score]));
    const open = scores(inOpen.hits);
    const fresh = scores(inNew.hits);
    expect([...open.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [id, score] of open) expect(score).toBeCloseTo(fresh.get(id)!, 6);
  });
});
