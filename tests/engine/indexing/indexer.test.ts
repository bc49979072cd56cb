import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { dataPaths } from '../../../src/main/engine/engine';
import { DEFAULT_MODELS, TestOllamaServer } from '../../../testkit/ollama-server';
import { indexCounts, startEngine, type EngineHarness } from '../../support/engine';

/** A reproducible mix of short turns and a few long ones, about `tokens` tokens long. */
function longText(seed: number, tokens: number): string {
  const words = [
    'harbour',
    'lantern',
    'granite',
    'orchard',
    'violin',
    'compass',
    'meadow',
    'ember',
    'quartz',
    'willow',
  ];
  const paragraphs: string[] = [];
  let n = 0;
  for (let p = 0; n < tokens; p++) {
    const sentences: string[] = [];
    for (let s = 0; s < 5; s++) {
      const sentence = Array.from({ length: 12 }, (_, i) => words[(seed * 7 + p * 13 + s * 3 + i) % words.length]).join(
        ' ',
      );
      sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} ${p}.${s}.`);
      n += 16;
    }
    paragraphs.push(sentences.join(' '));
  }
  return paragraphs.join('\n\n');
}

describe('OutboxIndexer with real Chroma and the test Ollama server', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('reconciling the index leaves what the outbox already owes to the indexer: nothing is queued twice', async () => {
    h = await startEngine({ engine: { runIndexer: false } });
    const { store } = h.engine.internals;
    const conversation = store.conversations.create({ title: 'backlog' });
    for (let i = 0; i < 5; i++)
      store.messages.appendTurn({ conversationId: conversation.id, role: 'user', content: longText(i, 900) });
    const owed = store.outbox.pendingCount();
    expect(owed).toBe(store.chunks.count());
    await h.engine.internals.maintenance.reconcile(h.engine.services.settings.embeddingModel());
    expect(store.outbox.pendingCount()).toBe(owed);
    await h.engine.internals.indexer.flush();
    const counts = await indexCounts(h.engine);
    expect(counts.chroma).toEqual(counts.sqlite);
  });

  it('an enqueue wakes the running indexer: a write drains without any writer calling it, long before the next poll', async () => {
    h = await startEngine({ engine: { runIndexer: true, indexer: { pollMs: 3_600_000 } } });
    const { store } = h.engine.internals;
    // Settled: nothing owed (its first pass may be over before the engine is handed back), so it sleeps for the hour.
    await expect.poll(() => store.outbox.pendingCount()).toBe(0);
    const conversation = store.conversations.create({ title: 'woken' });
    store.messages.appendTurn({
      conversationId: conversation.id,
      role: 'user',
      content: 'The outbox announces this turn to the indexer by itself.',
    });
    expect(store.outbox.pendingCount()).toBeGreaterThan(0);
    await expect.poll(() => store.outbox.pendingCount()).toBe(0);
    const counts = await indexCounts(h.engine);
    expect(counts.chroma).toEqual(counts.sqlite);
  });

  it('stores 1,000 messages across 20 conversations, reassembles each exactly, and indexes every chunk', async () => {
    h = await startEngine();
    const { store } = h.engine.internals;
    const written: { conversationId: string; id: string; content: string }[] = [];
    const conversations = Array.from({ length: 20 }, (_, i) => store.conversations.create({ title: `c${i}` }));
    for (let i = 0; i < 1000; i++) {
      const conversation = conversations[i % 20]!;
      const content =
        i === 500
          ? longText(i, 20_000)
          : i % 97 === 0
            ? longText(i, 1_500)
            : `Turn ${i}: the ${['cat', 'train', 'soup', 'garden'][i % 4]} note number ${i * 7}. 🌿 ñ 東京`;
      const m = store.messages.appendTurn({
        conversationId: conversation.id,
        role: i % 2 ? 'assistant' : 'user',
        content,
      });
      written.push({ conversationId: conversation.id, id: m.id, content });
    }
    expect(store.messages.find(written[500]!.id)?.tokenCount).toBeGreaterThanOrEqual(20_000);
    expect(store.chunks.forResponse(written[500]!.id).length).toBeGreaterThanOrEqual(40);
    for (const w of written) expect(store.chunks.reassemble(w.conversationId, w.id)).toBe(w.content);

    await h.engine.internals.indexer.flush();
    const counts = await indexCounts(h.engine);
    expect(counts.chroma).toEqual(counts.sqlite);
    expect(counts.sqlite.chunk).toBeGreaterThan(1040);
    expect(store.outbox.pendingCount()).toBe(0);
    expect(store.embeddings.countFor(h.engine.services.settings.embeddingModel(), 'chunk')).toBe(counts.sqlite.chunk);

    // Metadata is filterable in Chroma: a vector query scoped to one conversation stays in it.
    const target = written[3]!;
    const [embedding] = await h.engine.internals.ollama.embed(h.engine.services.settings.embeddingModel(), [
      target.content,
    ]);
    const hits = await h.engine.internals.vectors.query(
      'chunk',
      h.engine.services.settings.embeddingModel(),
      embedding!,
      {
        limit: 5,
        where: { conversation_id: target.conversationId },
        withMetadata: true,
      },
    );
    expect(hits.length).toBe(5);
    expect(hits.every((hit) => hit.metadata['conversation_id'] === target.conversationId)).toBe(true);
    expect(hits[0]).toMatchObject({
      id: `${target.id}:0`,
      metadata: { response_id: target.id, chunk_index: 0, type: 'message', archived: false },
    });
  });

  it('catches up after Chroma is killed in the middle of a batch, without losing or duplicating', async () => {
    h = await startEngine({ engine: { indexer: { batchSize: 20, backoffMs: { initial: 50, max: 300 } } } });
    const { engine } = h;
    const c = engine.internals.store.conversations.create();
    for (let i = 0; i < 200; i++)
      engine.internals.store.messages.appendTurn({
        conversationId: c.id,
        role: 'user',
        content: `message ${i} about sailing and knots ${i}`,
      });

    let killed = false;
    engine.internals.indexer.on('progress', () => {
      if (!killed && engine.internals.sidecar.pid) {
        killed = true;
        process.kill(engine.internals.sidecar.pid, 'SIGKILL');
      }
    });
    await engine.internals.indexer.flush(200);
    expect(killed).toBe(true);
    const counts = await indexCounts(engine);
    expect(counts.chroma.chunk).toBe(200);
    expect(counts.sqlite.chunk).toBe(200);
  });

  it('embeds a pass in calls of embedBatchSize and keeps each call: a pass Chroma fails is redone without embedding again', async () => {
    h = await startEngine({
      engine: { indexer: { batchSize: 100, embedBatchSize: 25, backoffMs: { initial: 10, max: 50 } } },
    });
    const { engine, ollama } = h;
    const c = engine.internals.store.conversations.create();
    for (let i = 0; i < 100; i++)
      engine.internals.store.messages.appendTurn({
        conversationId: c.id,
        role: 'user',
        content: `log line ${i} about the ferry timetable`,
      });
    await engine.internals.sidecar.dispose();
    ollama.reset();

    expect(await engine.internals.indexer.drainDue()).toBe(0);
    const embedCalls = () =>
      ollama.requests
        .filter((r) => r.path === '/api/embed')
        .map((r) => ((r.body as { input: string[] }).input ?? []).length);
    expect(embedCalls()).toEqual([25, 25, 25, 25]);
    expect(engine.internals.store.embeddings.countFor(engine.services.settings.embeddingModel(), 'chunk')).toBe(100);
    expect(engine.internals.store.outbox.pendingCount()).toBe(100);

    await engine.internals.sidecar.start();
    ollama.reset();
    await engine.internals.indexer.flush(50);
    expect(embedCalls()).toEqual([]);
    expect((await indexCounts(engine)).chroma.chunk).toBe(100);
  });

  it('keeps the backlog while Ollama is down and drains it when Ollama comes back', async () => {
    h = await startEngine();
    const { engine, ollama } = h;
    const c = engine.internals.store.conversations.create();
    for (let i = 0; i < 30; i++)
      engine.internals.store.messages.appendTurn({ conversationId: c.id, role: 'user', content: `note ${i}` });
    const port = Number(new URL(ollama.url).port);
    await ollama.stop();

    expect(await engine.internals.indexer.drainDue()).toBe(0);
    expect(engine.internals.store.outbox.pendingCount()).toBe(30);
    expect(engine.internals.indexer.status().lastError).toMatchObject({ code: 'OLLAMA_UNREACHABLE' });

    await ollama.start({ port });
    await engine.internals.indexer.flush(50);
    expect((await indexCounts(engine)).chroma.chunk).toBe(30);
  });

  it('runs in the background once started: writes are indexed without anyone asking', async () => {
    h = await startEngine({ engine: { runIndexer: true, indexer: { pollMs: 50 } } });
    const { engine } = h;
    const c = engine.internals.store.conversations.create();
    engine.internals.store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'background indexing works',
    });
    await expect.poll(async () => (await indexCounts(engine)).chroma.chunk).toBe(1);
  });

  it('deleting a conversation leaves nothing of it in SQLite or Chroma', async () => {
    h = await startEngine();
    const { engine } = h;
    const keep = engine.internals.store.conversations.create();
    const gone = engine.internals.store.conversations.create();
    for (let i = 0; i < 10; i++) {
      engine.internals.store.messages.appendTurn({ conversationId: keep.id, role: 'user', content: `keep ${i}` });
      engine.internals.store.messages.appendTurn({
        conversationId: gone.id,
        role: 'user',
        content: `secret ${i} ${'long '.repeat(i * 200)}`,
      });
    }
    engine.internals.store.summaries.create({
      conversationId: gone.id,
      content: 'a secret summary',
      firstSeq: 1,
      lastSeq: 4,
      trigger: 'overflow',
    });
    await engine.internals.indexer.flush();
    const goneIds = engine.internals.store.chunks.idsForConversation(gone.id);
    expect((await engine.internals.vectors.has('chunk', engine.services.settings.embeddingModel(), goneIds)).size).toBe(
      goneIds.length,
    );

    engine.internals.store.deleteConversation(gone.id);
    await engine.internals.indexer.flush();
    expect((await engine.internals.vectors.has('chunk', engine.services.settings.embeddingModel(), goneIds)).size).toBe(
      0,
    );
    const leftovers = engine.internals.store.db
      .prepare(
        `SELECT (SELECT count(*) FROM messages WHERE conversation_id = ?) + (SELECT count(*) FROM chunks WHERE conversation_id = ?)
                + (SELECT count(*) FROM summaries WHERE conversation_id = ?) AS n`,
      )
      .pluck()
      .get(gone.id, gone.id, gone.id);
    expect(leftovers).toBe(0);
    expect(engine.internals.store.chunks.search('secret')).toEqual([]);
    const counts = await indexCounts(engine);
    expect(counts.chroma).toEqual(counts.sqlite);
  });

  it('deleting a message or a memory removes it from Chroma too, and an undone delete comes back', async () => {
    h = await startEngine();
    const { engine } = h;
    const model = engine.services.settings.embeddingModel();
    const c = engine.internals.store.conversations.create();
    const message = engine.internals.store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'delete me ' + 'please '.repeat(800),
    });
    const { memory } = await engine.internals.memory.save({ content: 'Has a cat named Miso', source: 'user' }, 'user');
    await engine.internals.indexer.flush();
    const chunkIds = engine.internals.store.chunks.idsForResponse(message.id);
    expect(chunkIds.length).toBeGreaterThan(1);
    expect((await engine.internals.vectors.has('chunk', model, chunkIds)).size).toBe(chunkIds.length);

    engine.internals.store.messages.delete(message.id);
    engine.internals.memory.delete(memory.id);
    await engine.internals.indexer.flush();
    expect((await engine.internals.vectors.has('chunk', model, chunkIds)).size).toBe(0);
    expect((await engine.internals.vectors.has('memory', model, [memory.id])).size).toBe(0);

    engine.internals.memory.undoDelete(memory.id);
    await engine.internals.indexer.flush();
    expect((await engine.internals.vectors.has('memory', model, [memory.id])).size).toBe(1);
  });

  it('rebuilds the Chroma index from SQLite alone after Chroma lost its data, without calling Ollama', async () => {
    h = await startEngine();
    const c = h.engine.internals.store.conversations.create();
    for (let i = 0; i < 50; i++)
      h.engine.internals.store.messages.appendTurn({
        conversationId: c.id,
        role: 'user',
        content: `fact ${i}: ${'detail '.repeat(i)}`,
      });
    await h.engine.internals.memory.save(
      { content: 'The user is allergic to peanuts', category: 'health', source: 'user' },
      'user',
    );
    await h.engine.internals.indexer.flush();
    const before = await indexCounts(h.engine);

    await h.engine.close();
    rmSync(dataPaths(h.dataDir).chroma, { recursive: true, force: true });
    const embedCalls = () => h!.ollama.requests.filter((r) => r.path === '/api/embed').length;
    const callsBefore = embedCalls();
    await h.ollama.stop(); // any embedding call would now fail

    const reopened = await h.reopen();
    expect(await indexCounts(reopened)).toEqual(before);
    expect(embedCalls()).toBe(callsBefore);
    expect(reopened.internals.store.outbox.pendingCount()).toBe(0);
  });

  it('re-embeds everything in the background when the embedding model changes, with progress', async () => {
    const ollama = new TestOllamaServer({
      models: [
        ...DEFAULT_MODELS,
        { name: 'all-minilm:l6', capabilities: ['embedding'], embeddingDim: 256, family: 'bert' },
      ],
    });
    h = await startEngine({ ollama });
    const { engine } = h;
    const c = engine.internals.store.conversations.create();
    for (let i = 0; i < 40; i++)
      engine.internals.store.messages.appendTurn({ conversationId: c.id, role: 'user', content: `entry ${i}` });
    await engine.internals.memory.save({ content: 'Prefers tea over coffee', source: 'user' }, 'user');
    await engine.internals.indexer.flush();
    const oldModel = engine.services.settings.embeddingModel();
    const progress: number[] = [];
    engine.on('index-progress', (p) => p.job === 'reembed' && progress.push(p.done));

    await engine.internals.embeddingSwitch.run('all-minilm:l6');
    expect(engine.services.settings.embeddingModel()).toBe('all-minilm:l6');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[progress.length - 1]).toBe(41);
    expect(await indexCounts(engine)).toEqual({ chroma: { chunk: 40, memory: 1 }, sqlite: { chunk: 40, memory: 1 } });
    expect(engine.internals.store.embeddings.countFor('all-minilm:l6')).toBe(41);
    expect(engine.internals.store.embeddings.countFor(oldModel)).toBe(41);
    // The new model's vectors really are the new model's (different dimension in the test server).
    expect(
      engine.internals.store.embeddings.find('memory', engine.internals.memory.list()[0]!.id, 'all-minilm:l6')?.vector
        .length,
    ).toBe(256);
  });
});
