// Temporary chats leave no trace: never indexed (no keyword rows, no vectors, no cached
// embeddings), never retrieved into another conversation, not in History search or the list,
// no tools, no summaries, not promotable to memory; removed at close (or the next start)
// unless the user keeps the chat, which then becomes an ordinary, indexed one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { MethodOutputs } from '../../../src/shared/contract';
import type { ChatRequestBody } from '../../../testkit/ollama-server';
import { indexCounts, startEngine, type EngineHarness } from '../../support/engine';
import { openTestStore } from '../../support/store';

const SECRET = 'My bank PIN hint is bluewhale4471zq';

function folderHolds(dir: string, marker: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && readFileSync(join(e.parentPath, e.name)).includes(marker))
    .map((e) => e.name);
}

describe('temporary chats (real engine, real Chroma)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  async function start(): Promise<{
    h: EngineHarness;
    api: EngineApi;
    call: <T>(method: string, input?: unknown) => Promise<T>;
  }> {
    h = await startEngine({
      engine: { runIndexer: true, indexer: { pollMs: 20, backoffMs: { initial: 20, max: 200 } } },
    });
    const api = new EngineApi(h.engine);
    const call = async <T>(method: string, input: unknown = {}) => {
      const result = await api.dispatch(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    };
    return { h, api, call };
  }

  async function sendAndWait(
    harness: EngineHarness,
    call: <T>(method: string, input?: unknown) => Promise<T>,
    input: object,
  ): Promise<MethodOutputs['chat.send']> {
    const turn = await call<MethodOutputs['chat.send']>('chat.send', input);
    await expect.poll(() => harness.engine.internals.chat.isBusy(turn.conversationId)).toBe(false);
    return turn;
  }

  it('is never indexed, retrieved, searched, listed, given tools or summarised, nor promotable', async () => {
    const { h, api, call } = await start();
    const normal = await sendAndWait(h, call, { content: 'Weekend plans: a hike with the kids.' });
    await h.engine.internals.indexer.flush();
    const embeddedBefore = h.engine.internals.store.embeddings.countFor(h.engine.services.settings.embeddingModel());
    // A small window, so a long temporary chat overflows its history (a normal one would be summarised).
    h.engine.services.settings.apply({ contextLength: 1024, reservedOutputTokens: 256 });
    const temp = await sendAndWait(h, call, { content: SECRET, temporary: true });
    for (let i = 0; i < 6; i++)
      await sendAndWait(h, call, {
        conversationId: temp.conversationId,
        content: `More about that, part ${i}: ${'we talked about many unrelated things at length. '.repeat(12)}`,
      });
    await h.engine.internals.indexer.flush();
    h.engine.services.settings.apply({ contextLength: 8192, reservedOutputTokens: 512 });

    expect(h.engine.internals.store.chunks.idsForConversation(temp.conversationId)).toEqual([]);
    expect(
      h.engine.internals.store.db
        .prepare(`SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH 'bluewhale4471zq'`)
        .pluck()
        .get(),
    ).toBe(0);
    expect(h.engine.internals.store.embeddings.countFor(h.engine.services.settings.embeddingModel())).toBe(
      embeddedBefore,
    );
    expect(await indexCounts(h.engine)).toMatchObject({ chroma: { chunk: embeddedBefore } });
    expect(h.engine.internals.store.summaries.all(temp.conversationId)).toEqual([]);

    const dryRun = await call<MethodOutputs['chat.dryRun']>('chat.dryRun', {
      conversationId: normal.conversationId,
      content: 'What is my bank PIN hint?',
    });
    expect(JSON.stringify(dryRun)).not.toContain('bluewhale4471zq');
    const fresh = await call<MethodOutputs['chat.dryRun']>('chat.dryRun', {
      conversationId: null,
      content: 'What is my bank PIN hint? bluewhale4471zq',
    });
    expect(fresh.items.filter((i) => i.section !== 'user' && i.text.includes('bluewhale4471zq'))).toEqual([]);
    expect(await call('search.messages', { query: 'bluewhale4471zq' })).toEqual([]);
    expect(
      (await call<MethodOutputs['conversations.list']>('conversations.list', { includeArchived: true })).map(
        (c) => c.id,
      ),
    ).toEqual([normal.conversationId]);
    expect(
      (await call<MethodOutputs['conversations.get']>('conversations.get', { conversationId: temp.conversationId }))
        .temporary,
    ).toBe(true);

    const chats = h.ollama.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as ChatRequestBody);
    const tempTurns = chats.filter((b) => b.messages.some((m) => m.content?.includes('bluewhale4471zq')));
    expect(tempTurns.length).toBeGreaterThan(0);
    expect(tempTurns.every((b) => !b.tools?.length)).toBe(true);
    expect(chats.some((b) => b.tools?.length)).toBe(true); // the normal chat has them

    const [secretMessage] = await call<MethodOutputs['conversations.messages']>('conversations.messages', {
      conversationId: temp.conversationId,
    });
    const promoted = await api.dispatch('memory.promote', { messageId: secretMessage!.id });
    expect(promoted).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('temporary chat') },
    });
    expect(h.engine.internals.store.memories.count()).toBe(0);
  }, 120_000);

  it('is gone after the app closes: not in the data folder, not at the next start', async () => {
    const { h, call } = await start();
    const temp = await sendAndWait(h, call, { content: SECRET, temporary: true });
    await h.engine.internals.indexer.flush();
    const engine = await h.reopen();
    expect(engine.internals.store.conversations.find(temp.conversationId)).toBeUndefined();
    await engine.close();
    expect(folderHolds(h.dataDir, 'bluewhale4471zq')).toEqual([]);
  }, 60_000);

  it('a crash leaves it for the next start, which removes it', async () => {
    const { h } = await start();
    await h.engine.close();
    // As a crash leaves it: a temporary chat still stored when the next session opens the folder.
    const store = openTestStore(h.dataDir);
    const temp = store.conversations.create({ temporary: true });
    store.messages.appendTurn({ conversationId: temp.id, role: 'user', content: SECRET });
    store.close();
    const next = await h.reopen();
    expect(next.internals.store.conversations.find(temp.id)).toBeUndefined();
    await next.close();
    expect(folderHolds(h.dataDir, 'bluewhale4471zq')).toEqual([]);
  }, 60_000);

  it('"Keep this chat" makes it an ordinary chat: listed, searchable, indexed, kept', async () => {
    const { h, call } = await start();
    const temp = await sendAndWait(h, call, { content: SECRET, temporary: true });
    const kept = await call<MethodOutputs['conversations.keep']>('conversations.keep', {
      conversationId: temp.conversationId,
    });
    expect(kept.temporary).toBe(false);
    const hits = await call<MethodOutputs['search.messages']>('search.messages', { query: 'bluewhale4471zq' });
    expect(new Set(hits.map((hit) => hit.conversationId))).toEqual(new Set([temp.conversationId]));
    expect((await call<MethodOutputs['conversations.list']>('conversations.list', {})).map((c) => c.id)).toEqual([
      temp.conversationId,
    ]);
    await expect
      .poll(async () => (await indexCounts(h.engine)).chroma.chunk)
      .toBe(h.engine.internals.store.chunks.count());
    expect(h.engine.internals.store.chunks.idsForConversation(temp.conversationId).length).toBe(2);
    // It stays through a restart, and its reply is remembered like any other.
    await h.reopen();
    expect(h.engine.internals.store.conversations.get(temp.conversationId).temporary).toBe(false);
    const api = new EngineApi(h.engine);

    expect(await api.dispatch('conversations.keep', { conversationId: temp.conversationId })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'This chat is already kept.' },
    });
    expect(await api.dispatch('conversations.keep', { conversationId: 'no-such-chat' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  }, 60_000);
});
