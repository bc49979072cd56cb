// The episode list: an occasion whose words are spread over many turns matches a question as a
// whole, and its turns enter the candidates though none of them matches on its own. Real engine:
// SQLite file, Chroma sidecar, test Ollama server over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../../support/engine';
import { HybridRetriever } from '../../../src/main/engine/retrieval';
import { CANDIDATES_PER_LIST } from '../../../src/main/engine/retrieval/retriever';
import { EPISODE_GAP_MS, episodeCandidates, type EpisodeRequest } from '../../../src/main/engine/retrieval/episodes';

const DAY = 86_400_000;
const MINUTE = 60_000;
const QUESTION = 'Who came with me on the Lisbon trip, and where did we stay?';
const RADIATOR_QUESTION = 'What did the plumber find wrong with the radiator?';
const INES_QUESTION = 'Which restaurant did Ines book?';

describe('the episode list', () => {
  let h: EngineHarness;
  let tripConversation = '';
  const tripIds: string[] = [];
  let companionId = '';
  let laterId = '';
  let valveId = '';
  /** Turns of the radiator's sitting that hold none of its question's words and are not beside one that does. */
  const idleIds: string[] = [];
  let visitConversation = '';
  let tascaId = '';
  /** Turns of Ines's sitting that name her, away from the turn naming the restaurant. */
  const namingIds: string[] = [];

  beforeAll(async () => {
    h = await startEngine();
    const { store } = h.engine.internals;
    const start = Date.UTC(2025, 4, 3);
    // The sitting about the trip: it names Lisbon, the trip and the stay once each; the answer
    // (who came) shares no word with the question.
    const trip = store.conversations.create({ title: 'catching up', createdAt: start });
    tripConversation = trip.id;
    const turns: [role: 'user' | 'assistant', text: string][] = [
      ['user', 'Back home from Lisbon at last.'],
      ['assistant', 'Welcome back! How was it?'],
      ['user', 'Sunny every day, and the custard tarts were as good as promised.'],
      ['assistant', 'Lovely. Was it just you this time?'],
      ['user', 'No, Ana and her dog Biscuit came along, which made everything slower and funnier.'],
      ['assistant', 'Ha, a dog on a city break! Where were you based?'],
      ['user', 'We rented a flat in Alfama, right under the castle, for the whole trip.'],
      ['assistant', 'Sounds like a good stay.'],
    ];
    turns.forEach(([role, content], i) => {
      const id = store.messages.appendTurn({
        conversationId: trip.id,
        role,
        content,
        createdAt: start + i * MINUTE,
      }).id;
      tripIds.push(id);
      if (content.startsWith('No, Ana')) companionId = id;
    });
    // The same conversation three hours later: another sitting, about something else.
    laterId = store.messages.appendTurn({
      conversationId: trip.id,
      role: 'user',
      content: 'Different topic: the boiler is making that noise again.',
      createdAt: start + 8 * MINUTE + EPISODE_GAP_MS + 3_600_000,
    }).id;
    // A sitting in which the answer (the valve) shares no word with its question but sits between
    // the turns that name the plumber and the radiator, among idle talk that shares none either.
    const sunday = storeSitting(h, 'a slow Sunday', start + 200 * DAY, [
      ['user', 'Morning! Coffee first, then we talk.', 'idle'],
      ['assistant', 'Good plan. Anything on today?', 'idle'],
      ['user', 'Nothing much, the sky is grey again.', 'idle'],
      ['assistant', 'Perfect weather for indoors.'],
      ['user', 'The plumber finally looked at the radiator in the hall.'],
      ['assistant', 'And? What did he say?'],
      ['user', 'A cracked valve; he swapped it for forty euros.', 'answer'],
      ['assistant', 'Forty euros for a radiator part is fair.'],
      ['user', 'Then I baked bread all afternoon.', 'idle'],
      ['assistant', 'Sounds like a cosy Sunday.', 'idle'],
    ]);
    idleIds.push(...sunday.marked('idle'));
    valveId = sunday.marked('answer')[0]!;
    // A sitting about a friend, who is named in no other conversation but in most of its turns: the
    // answer names neither her nor the restaurant, but sits beside the turn naming both.
    const visit = storeSitting(h, 'Ines in town', start + 300 * DAY, [
      ['user', 'Ines is in town this week.', 'naming'],
      ['assistant', 'Nice! How is Ines doing?', 'naming'],
      ['user', 'Ines is great, busy with her new job.'],
      ['assistant', 'Good for Ines. Any plans together?'],
      ['user', 'Dinner on Friday; Ines picked the restaurant.'],
      ['assistant', 'Where are you going?'],
      ['user', 'The little Tasca do Chico near the river, she swears by it.', 'answer'],
      ['assistant', 'Sounds lovely.'],
      ['user', 'Ines also brought her cat Miso along.', 'naming'],
      ['assistant', 'Ines travels with a cat? Brave.', 'naming'],
      ['user', 'Ines says Miso loves trains.', 'naming'],
      ['assistant', 'Ines has a funny cat.', 'naming'],
    ]);
    visitConversation = visit.conversationId;
    namingIds.push(...visit.marked('naming'));
    tascaId = visit.marked('answer')[0]!;
    // Many turns, each sharing a word or two with the question, in sittings of their own.
    for (let n = 0; n < 120; n++) {
      const c = store.conversations.create({ title: `day ${n}`, createdAt: start + (n + 2) * DAY });
      store.messages.appendTurn({
        conversationId: c.id,
        role: 'user',
        content: `Note ${n}: who came to the ${n % 2 ? 'trip' : 'stay'} meeting where we planned day ${n}?`,
        createdAt: start + (n + 2) * DAY,
      });
    }
    await h.engine.internals.indexer.flush(10);
  });

  afterAll(async () => {
    await h?.dispose();
  });

  /** The episode list's turns (their message ids), best first, as many as `limit`. */
  const listOrder = (request: EpisodeRequest, limit = CANDIDATES_PER_LIST) =>
    episodeCandidates(h.engine.internals.store, request, { limit }).candidates.map((c) => c.chunk.responseId);

  const retrieve = async (episodesTaken?: number) => {
    const { store, vectors } = h.engine.internals;
    const retriever = new HybridRetriever(
      store,
      vectors,
      () => h.engine.services.settings.embeddingModel(),
      episodesTaken === undefined ? {} : { episodesTaken },
    );
    return retriever.retrieve({
      query: QUESTION,
      queryEmbedding: await h.engine.internals.queries.embed(QUESTION),
      conversationId: null,
      crossConversation: true,
      excludeResponseIds: new Set(),
      limit: 12,
    });
  };

  it('gives every turn of the matching sitting, and none of the same conversation after a pause', () => {
    const { candidates } = episodeCandidates(
      h.engine.internals.store,
      { query: QUESTION, conversationId: null, crossConversation: true },
      { limit: CANDIDATES_PER_LIST },
    );
    const fromTrip = candidates.filter((c) => c.chunk.conversationId === tripConversation);
    expect(new Set(fromTrip.map((c) => c.chunk.responseId))).toEqual(new Set(tripIds));
    expect(candidates.map((c) => c.chunk.responseId)).not.toContain(laterId);
    // The trip's sitting is the best episode: its turns lead the list.
    expect(candidates[0]!.chunk.conversationId).toBe(tripConversation);
  });

  it('reads only the best turns asked for, and measures them against every turn of the episodes', () => {
    const request = { query: QUESTION, conversationId: null, crossConversation: true };
    const all = episodeCandidates(h.engine.internals.store, request, { limit: 1_000 });
    const three = episodeCandidates(h.engine.internals.store, request, { limit: 3 });
    expect(all.candidates.length).toBeGreaterThan(3);
    expect(three.candidates.map((c) => c.chunk.id)).toEqual(all.candidates.slice(0, 3).map((c) => c.chunk.id));
    expect(three.candidates[0]!.chunk.text).toBe(all.candidates[0]!.chunk.text);
    const scores = all.candidates.map((c) => c.score);
    const mean = scores.reduce((sum, s) => sum + s, 0) / scores.length;
    expect(three.spread.mean).toBeCloseTo(mean, 10);
    expect(three.spread).toEqual(all.spread);
    expect(three.spread.sd).toBeGreaterThan(0);
  });

  it("ranks a turn by the question's words in the turns around it too: the answer beside them leads the idle talk", () => {
    const request = { query: RADIATOR_QUESTION, conversationId: null, crossConversation: true };
    expect(idleIds).toHaveLength(5);
    expectBefore(listOrder(request), valveId, idleIds);
    // Asked for as few turns as the sitting has near its question's words, the answer is among them.
    expect(listOrder(request, 4)).toContain(valveId);
  });

  it("weighs a word by how rare it is among the sittings' turns: a name in most of them does not lift each turn saying it", () => {
    // Asked in her conversation: its sittings are the only ones, and she is rare in the whole history.
    // Weighed as rare as she is there, every turn naming her came before the answer.
    expect(namingIds).toHaveLength(6);
    expectBefore(
      listOrder({ query: INES_QUESTION, conversationId: visitConversation, crossConversation: false }),
      tascaId,
      namingIds,
    );
  });

  it('brings in a turn of the occasion that shares no word with the question, which the other lists miss', async () => {
    const without = await retrieve(0);
    expect(without.hits.map((hit) => hit.chunk.responseId)).not.toContain(companionId);
    const { hits } = await retrieve();
    const companion = hits.find((hit) => hit.chunk.responseId === companionId);
    expect(companion).toBeDefined();
    expect(companion!.keywordRank).toBeNull();
    expect(companion!.episodeRank).not.toBeNull();
  });

  it('says why such an excerpt is in the prompt', async () => {
    const context = await h.engine.internals.assembler.assemble({
      conversationId: null,
      userMessage: QUESTION,
      contextLength: 1500,
      reservedOutput: 0,
    });
    const companion = context.items.find((i) => i.source.messageId === companionId);
    expect(companion?.reason).toMatchObject({ code: 'excerpt', close: false, words: false, occasion: true });
  });
});

/**
 * Stores a sitting in a new conversation, its turns a minute apart from `at`; `marked(kind)` gives
 * the ids of the turns marked so, in the order they were said.
 */
function storeSitting(
  h: EngineHarness,
  title: string,
  at: number,
  turns: readonly [role: 'user' | 'assistant', text: string, mark?: string][],
): { conversationId: string; marked: (mark: string) => string[] } {
  const { store } = h.engine.internals;
  const conversation = store.conversations.create({ title, createdAt: at });
  const ids = turns.map(
    ([role, content], i) =>
      store.messages.appendTurn({ conversationId: conversation.id, role, content, createdAt: at + i * MINUTE }).id,
  );
  return {
    conversationId: conversation.id,
    marked: (mark) => ids.filter((_, i) => turns[i]![2] === mark),
  };
}

/** `leader` is in the list, before each of `others`, which are all in it too. */
function expectBefore(order: readonly string[], leader: string, others: readonly string[]): void {
  expect(order).toContain(leader);
  for (const id of others) {
    expect(order).toContain(id);
    expect(order.indexOf(leader)).toBeLessThan(order.indexOf(id));
  }
}
