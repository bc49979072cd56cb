// Time-aware questions: a question naming a time ("last May") finds the turns said then, though
// they share no word with it and the words and meaning find many others; a question naming no
// time is retrieved exactly as before. Real engine: SQLite file, Chroma sidecar, test Ollama
// server over HTTP; the engine's clock stands at a fixed moment after the history.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEngine, type EngineHarness } from '../../support/engine';
import { HybridRetriever } from '../../../src/main/engine/retrieval';
import { timeList } from '../../../src/main/engine/retrieval/time-list';
import { timeSpansOf } from '../../../src/main/engine/retrieval/time-span';

const DAY = 86_400_000;
/** When the questions are asked: 20 October 2025, so "last May" is May 2025. */
const ASKED_AT = Date.UTC(2025, 9, 20, 12);
const TIMED = 'What did I cook last May?';
const UNTIMED = 'What did I cook for dinner?';

describe('time-aware questions', () => {
  let h: EngineHarness;
  let mayId = '';
  let mayConversation = '';
  let firstConversation = '';
  let firstId = '';

  beforeAll(async () => {
    // A running clock set back to the moment of asking (the engine's own timers still advance).
    const shift = Date.now() - ASKED_AT;
    h = await startEngine({ engine: { now: () => Date.now() - shift } });
    const { store } = h.engine.internals;
    // A daily cooking diary through 2025 (one conversation a day), every entry sharing words with
    // the questions; in May only one entry, on the 14th, which names no cooking at all.
    for (let day = 0; day < 280; day++) {
      const at = Date.UTC(2025, 0, 1, 12) + day * DAY;
      const date = new Date(at);
      const may14 = date.getUTCMonth() === 4 && date.getUTCDate() === 14;
      if (date.getUTCMonth() === 4 && !may14) continue;
      const conversation = store.conversations.create({ title: `diary ${day}`, createdAt: at });
      const content = may14
        ? 'Spent the whole afternoon on a lasagne for Sam, with the béchamel from scratch.'
        : `Diary day ${day}: I cooked ${DISHES[day % DISHES.length]} for dinner tonight.`;
      const id = store.messages.appendTurn({
        conversationId: conversation.id,
        role: 'user',
        content,
        createdAt: at,
      }).id;
      if (may14) [mayId, mayConversation] = [id, conversation.id];
      if (day === 0) [firstId, firstConversation] = [id, conversation.id];
    }
    await h.engine.internals.indexer.flush(10);
  });

  afterAll(async () => {
    await h?.dispose();
  });

  const retrieve = async (query: string, timeListWeight?: number) => {
    const { store, vectors } = h.engine.internals;
    const retriever = new HybridRetriever(store, vectors, () => h.engine.services.settings.embeddingModel(), {
      now: () => ASKED_AT,
      ...(timeListWeight === undefined ? {} : { timeListWeight }),
    });
    return retriever.retrieve({
      query,
      queryEmbedding: await h.engine.internals.queries.embed(query),
      conversationId: null,
      crossConversation: true,
      excludeResponseIds: new Set(),
      limit: 12,
    });
  };

  it('reads "last May" as May of this year, counted from the moment of asking', () => {
    expect(timeSpansOf(TIMED, ASKED_AT)).toEqual([
      { from: new Date(2025, 4, 1).getTime(), to: new Date(2025, 5, 1).getTime() },
    ]);
    expect(timeSpansOf(UNTIMED, ASKED_AT)).toEqual([]);
    // Chinese and Japanese questions are read with chrono's grammars for them.
    expect(timeSpansOf('我昨天吃了什么？', ASKED_AT)).toEqual([
      { from: new Date(2025, 9, 19).getTime(), to: ASKED_AT + 1 },
    ]);
    expect(timeSpansOf('3月3日に何があった？', ASKED_AT)[0]!.from).toBe(new Date(2025, 2, 3).getTime());
    // A month of a year named relative to this one: last year's May, not this year's.
    expect(timeSpansOf('去年五月我们去了哪里？', ASKED_AT)).toEqual([
      { from: new Date(2024, 4, 1).getTime(), to: new Date(2024, 5, 1).getTime() },
    ]);
    expect(timeSpansOf('昨年12月に何をした？', ASKED_AT)).toEqual([
      { from: new Date(2024, 11, 1).getTime(), to: new Date(2025, 0, 1).getTime() },
    ]);
    // "now" asks for the present state of things, not for what was said today.
    expect(timeSpansOf('Which city do I live in now?', ASKED_AT)).toEqual([]);
  });

  it('finds the turn said in the named month that words and meaning alone rank out', async () => {
    const without = await retrieve(TIMED, 0);
    expect(without.hits.map((hit) => hit.chunk.responseId)).not.toContain(mayId);
    const { hits } = await retrieve(TIMED);
    const may = hits.find((hit) => hit.chunk.responseId === mayId);
    expect(may).toBeDefined();
    expect(may!.keywordRank).toBeNull();
    expect(may!.timeRank).not.toBeNull();
  });

  it('reads the turns said then in every conversation, or in the one the turn stays in', () => {
    const { store } = h.engine.internals;
    const said = (within: string | null) =>
      timeList(store, {
        spans: timeSpansOf(TIMED, ASKED_AT),
        within,
        queryEmbedding: null,
        embeddingModel: h.engine.services.settings.embeddingModel(),
      })
        .candidates([])
        .map((chunk) => chunk.responseId);
    expect(said(null)).toEqual([mayId]);
    expect(said(mayConversation)).toEqual([mayId]);
    expect(said(firstConversation)).toEqual([]);
  });

  it('reads the turns of the named spans once, however often a deeper look asks for the list', async () => {
    const { store } = h.engine.internals;
    const reads = vi.spyOn(store.chunks, 'saidWithin');
    const embeddings = vi.spyOn(store.embeddings, 'find');
    try {
      const list = timeList(store, {
        spans: timeSpansOf(TIMED, ASKED_AT),
        within: null,
        queryEmbedding: await h.engine.internals.queries.embed(TIMED),
        embeddingModel: h.engine.services.settings.embeddingModel(),
      });
      const first = list.candidates([]).map((chunk) => chunk.responseId);
      // Asked again with the other lists' candidates: the day-0 entry, said outside the spans.
      const second = list.candidates(store.chunks.forResponse(firstId)).map((chunk) => chunk.responseId);
      expect(first).toEqual([mayId]);
      expect(second).toEqual([mayId]); // a candidate said outside the spans stays out of it
      expect(reads).toHaveBeenCalledTimes(1);
      expect(embeddings).toHaveBeenCalledTimes(1);
    } finally {
      reads.mockRestore();
      embeddings.mockRestore();
    }
  });

  it('leaves a question naming no time as it was', async () => {
    const without = await retrieve(UNTIMED, 0);
    const withList = await retrieve(UNTIMED);
    expect(withList.hits.map((hit) => [hit.chunk.id, hit.score])).toEqual(
      without.hits.map((hit) => [hit.chunk.id, hit.score]),
    );
    expect(withList.hits.every((hit) => hit.timeRank === null)).toBe(true);
  });

  it('says in the prompt that such an excerpt was said at the time the message names', async () => {
    const context = await h.engine.internals.assembler.assemble({
      conversationId: null,
      userMessage: TIMED,
      contextLength: 1500,
      reservedOutput: 0,
    });
    const may = context.items.find((i) => i.source.messageId === mayId);
    expect(may?.reason).toMatchObject({ code: 'excerpt', words: false, namedTime: true });
  });
});

const DISHES = ['pasta', 'a curry', 'soup', 'risotto', 'tacos', 'a stir-fry', 'chili', 'dumplings', 'a pie'];
