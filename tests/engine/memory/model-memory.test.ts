import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ModelMemory } from '../../../src/main/engine/memory';
import { HeldMemoryVectors } from '../../../src/main/engine/retrieval';
import { startEngine, type EngineHarness } from '../../support/engine';

describe('ModelMemory (real store, Chroma and test Ollama)', () => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startEngine();
  });
  afterAll(async () => h.dispose());
  beforeEach(() => {
    for (const m of h.engine.internals.memory.list()) h.engine.internals.memory.delete(m.id);
    h.engine.internals.store.memories.purgeDeleted();
  });

  it('adds, edits, deletes and undoes, keeping the history', async () => {
    const { memory } = h.engine.internals;
    const saved = await memory.save(
      { content: 'Works as a nurse in Leeds', category: 'Work', importance: 4, source: 'user' },
      'user',
    );
    expect(saved).toMatchObject({ outcome: 'created', memory: { category: 'work', importance: 4, source: 'user' } });
    memory.edit(saved.memory.id, { content: 'Works as a midwife in Leeds' });
    memory.delete(saved.memory.id);
    expect(memory.list()).toEqual([]);
    memory.undoDelete(saved.memory.id);
    expect(memory.get(saved.memory.id).content).toBe('Works as a midwife in Leeds');
    expect(memory.history(saved.memory.id).map((e) => `${e.action}:${e.actor}`)).toEqual([
      'create:user',
      'update:user',
      'delete:user',
      'restore:user',
    ]);
  });

  it('rejects empty, oversized and out-of-range memories with INVALID_INPUT', async () => {
    const { memory } = h.engine.internals;
    await expect(memory.save({ content: '   ', source: 'user' }, 'user')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(memory.save({ content: 'x'.repeat(5000), source: 'user' }, 'user')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(memory.save({ content: 'ok', importance: 9, source: 'user' }, 'user')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(memory.list()).toEqual([]);
  });

  it('updates a near-duplicate instead of adding a copy, and the merge can be undone', async () => {
    const { memory } = h.engine.internals;
    const first = await memory.save(
      { content: "The user's dog is called Rex", category: 'pets', importance: 3, source: 'model' },
      'model',
    );
    await h.engine.internals.indexer.flush();
    const again = await memory.save(
      { content: "The user's dog is called Rex.", importance: 5, source: 'model' },
      'model',
    );
    expect(again).toMatchObject({
      outcome: 'merged',
      memory: { id: first.memory.id, importance: 5, category: 'pets' },
    });
    expect(memory.list()).toHaveLength(1);
    expect(memory.history(first.memory.id).map((e) => e.action)).toEqual(['create', 'merge']);

    memory.undoSave(again, 'user');
    expect(memory.get(first.memory.id)).toMatchObject({ content: "The user's dog is called Rex", importance: 3 });

    const different = await memory.save({ content: 'Has a dentist appointment on Friday', source: 'model' }, 'model');
    expect(different.outcome).toBe('created');
    expect(memory.list()).toHaveLength(2);
  });

  it('finds memories by meaning and by keyword, and by keyword alone while Ollama is down', async () => {
    const { memory } = h.engine.internals;
    await memory.save({ content: 'Allergic to peanuts and shellfish', category: 'health', source: 'user' }, 'user');
    await memory.save({ content: 'Favourite band is Radiohead', category: 'music', source: 'user' }, 'user');
    await memory.save({ content: 'Lives in a flat in Glasgow', category: 'home', source: 'user' }, 'user');
    await h.engine.internals.indexer.flush();

    const hits = await memory.search('any food allergies? peanut');
    expect(hits[0]?.memory.content).toMatch(/peanuts/);
    expect(hits[0]?.vectorRank).toBe(1);
    expect(hits[0]?.similarity).toBeGreaterThan(0);

    const port = Number(new URL(h.ollama.url).port);
    await h.ollama.stop();
    try {
      const offline = await memory.search('Radiohead');
      expect(offline[0]).toMatchObject({ vectorRank: null, keywordRank: 1, memory: { category: 'music' } });
    } finally {
      await h.ollama.start({ port });
    }
  });

  it('searches memories by meaning in this process: with Chroma down too, and never a deleted one', async () => {
    const { memory, store } = h.engine.internals;
    const peanuts = await memory.save(
      { content: 'Allergic to peanuts and shellfish', category: 'health', source: 'user' },
      'user',
    );
    const band = await memory.save(
      { content: 'Favourite band is Radiohead', category: 'music', source: 'user' },
      'user',
    );
    await h.engine.internals.indexer.flush();
    const model = h.engine.services.settings.embeddingModel();
    const query = (await h.engine.internals.queries.embed('which foods make me ill?'))!;
    const held = new HeldMemoryVectors(store);
    expect(held.nearest(model, query).map((n) => n.id)).toEqual([peanuts.memory.id, band.memory.id]);
    expect(held.nearest('another-model', query)).toEqual([]);
    // The vectors held for the search follow every vector written or deleted.
    store.embeddings.put('memory', band.memory.id, model, 'as the query', query);
    expect(held.nearest(model, query)[0]).toMatchObject({
      id: band.memory.id,
      distance: expect.closeTo(0, 5),
    });
    store.embeddings.deleteItems('memory', [band.memory.id]);
    expect(held.nearest(model, query).map((n) => n.id)).toEqual([peanuts.memory.id]);

    await h.engine.internals.sidecar.dispose();
    try {
      const hits = await memory.search('which foods make me ill?');
      expect(hits[0]).toMatchObject({ vectorRank: 1, memory: { id: peanuts.memory.id } });
      memory.delete(peanuts.memory.id);
      expect((await memory.search('which foods make me ill?')).map((hit) => hit.memory.id)).not.toContain(
        peanuts.memory.id,
      );
      memory.undoDelete(peanuts.memory.id);
      expect((await memory.search('which foods make me ill?'))[0]).toMatchObject({
        vectorRank: 1,
        memory: { id: peanuts.memory.id },
      });
    } finally {
      await h.engine.internals.sidecar.start();
    }
  });

  it('asks Chroma instead once there are more memories than it searches in process', async () => {
    const { store, vectors } = h.engine.internals;
    const viaChroma = new ModelMemory({
      store,
      vectors,
      embedQuery: async (text) => (await h.engine.internals.queries.embed(text))!,
      embeddingModel: () => h.engine.services.settings.embeddingModel(),
      searchInProcessUpTo: 0,
    });
    await h.engine.internals.memory.save(
      { content: 'Allergic to peanuts and shellfish', category: 'health', source: 'user' },
      'user',
    );
    await h.engine.internals.memory.save(
      { content: 'Lives in a flat in Glasgow', category: 'home', source: 'user' },
      'user',
    );
    await h.engine.internals.indexer.flush();
    expect((await viaChroma.search('which foods make me ill?'))[0]).toMatchObject({
      vectorRank: 1,
      memory: { category: 'health' },
    });

    await h.engine.internals.sidecar.dispose();
    try {
      // Chroma down: the vector side is missing, the words still find it.
      expect((await viaChroma.search('shellfish'))[0]).toMatchObject({
        vectorRank: null,
        keywordRank: 1,
        memory: { category: 'health' },
      });
      expect((await h.engine.internals.memory.search('shellfish'))[0]).toMatchObject({ vectorRank: 1, keywordRank: 1 });
    } finally {
      await h.engine.internals.sidecar.start();
    }
  });

  it('promotes a message to a memory with its provenance', async () => {
    const { store, memory } = h.engine.internals;
    const c = store.conversations.create();
    const m = store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'My sister Ana is getting married in June.',
    });
    const promoted = await memory.promoteMessage(m.id, { category: 'family' });
    expect(promoted.memory).toMatchObject({
      source: 'promoted',
      sourceMessageId: m.id,
      sourceConversationId: c.id,
      category: 'family',
      content: m.content,
    });
  });
});
