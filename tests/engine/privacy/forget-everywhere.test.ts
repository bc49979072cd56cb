// "Forget this everywhere": from a memory or a message, the chat excerpts, summaries and
// memories that state the same thing are found (hybrid search) for confirmation and removed in
// one step, leaving no trace in the closed folder; what does not state it stays. Deleting a
// conversation can take the memories that came from it.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { MethodOutputs } from '../../../src/shared/contract';
import { fixedKey } from '../../../src/main/engine/keys';
import { startEngine, type EngineHarness } from '../../support/engine';

function folderHolds(dir: string, marker: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (e) => e.isFile() && readFileSync(join(e.parentPath, e.name)).toString('latin1').toLowerCase().includes(marker),
    )
    .map((e) => e.name);
}

describe('forget everywhere (real engine, real Chroma)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  async function start() {
    // Plaintext on purpose: the check reads the words themselves on disk (encrypted, no file holds them anyway).
    h = await startEngine({
      engine: { keys: fixedKey(null), runIndexer: true, indexer: { pollMs: 20, backoffMs: { initial: 20, max: 200 } } },
    });
    const harness = h;
    harness.ollama.onChat(() => ({ text: 'Noted.' }));
    const api = new EngineApi(harness.engine);
    const call = async <T>(method: string, input: unknown = {}) => {
      const result = await api.dispatch(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    };
    const send = async (content: string, conversationId: string | null = null) => {
      const turn = await call<MethodOutputs['chat.send']>('chat.send', { conversationId, content });
      await expect.poll(() => harness.engine.internals.chat.isBusy(turn.conversationId)).toBe(false);
      return turn;
    };
    return { h: harness, api, call, send };
  }

  it('finds the excerpts, summaries and memories that state it, and removes them in one step', async () => {
    const { h, call, send } = await start();
    const first = await send('My daughter Mia is allergic to peanuts.');
    const second = await send('Snacks for the party: remember Mia is allergic to peanuts.');
    const hiking = await send('I like hiking in the Alps in summer.');
    h.engine.internals.store.summaries.create({
      conversationId: first.conversationId,
      content: 'The user said their daughter Mia is allergic to peanuts.',
      firstSeq: 1,
      lastSeq: 2,
      trigger: 'idle',
    });
    const memory = await call<MethodOutputs['memory.add']>('memory.add', {
      content: 'Mia is allergic to peanuts',
      category: 'family',
    });
    const kept = await call<MethodOutputs['memory.add']>('memory.add', {
      content: 'Enjoys hiking in the Alps',
      category: 'hobbies',
    });
    await h.engine.internals.indexer.flush();

    const found = await call<MethodOutputs['forget.find']>('forget.find', { memoryId: memory.memory.id });
    expect(found.statement).toBe('Mia is allergic to peanuts');
    expect(found.candidates[0]).toMatchObject({ kind: 'memory', id: memory.memory.id, match: 'source' });
    const byKind = (kind: string) => found.candidates.filter((c) => c.kind === kind);
    expect(
      byKind('message')
        .map((c) => c.id)
        .sort(),
    ).toEqual([first.userMessage.id, second.userMessage.id].sort());
    expect(byKind('summary')).toHaveLength(1);
    expect(found.candidates.every((c) => /peanut/i.test(c.text))).toBe(true);
    expect(found.candidates.map((c) => c.id)).not.toContain(kept.memory.id);
    expect(found.candidates.map((c) => c.id)).not.toContain(hiking.userMessage.id);

    // Started from a message, it finds the same.
    const fromMessage = await call<MethodOutputs['forget.find']>('forget.find', { messageId: second.userMessage.id });
    expect(fromMessage.candidates[0]).toMatchObject({ kind: 'message', id: second.userMessage.id, match: 'source' });
    expect(fromMessage.candidates.map((c) => c.id)).toEqual(
      expect.arrayContaining([first.userMessage.id, memory.memory.id]),
    );

    const counts = await call<MethodOutputs['forget.apply']>('forget.apply', {
      items: found.candidates.map(({ kind, id }) => ({ kind, id })),
    });
    expect(counts).toEqual({ messages: 2, summaries: 1, memories: 1 });
    await h.engine.internals.indexer.flush();
    expect(await call('search.messages', { query: 'peanuts' })).toEqual([]);
    expect((await call<MethodOutputs['memory.list']>('memory.list', {})).map((m) => m.content)).toEqual([
      'Enjoys hiking in the Alps',
    ]);
    expect(await call<MethodOutputs['search.messages']>('search.messages', { query: 'hiking Alps' })).not.toEqual([]);
    const dryRun = await call<MethodOutputs['chat.dryRun']>('chat.dryRun', {
      conversationId: null,
      content: 'What is Mia allergic to?',
    });
    expect(
      dryRun.items.filter((i) => !['user', 'tools', 'system'].includes(i.section) && /peanut/i.test(i.text)),
    ).toEqual([]);

    await h.dispose({ keepData: true });
    try {
      expect(folderHolds(h.dataDir, 'peanut')).toEqual([]);
      expect(folderHolds(h.dataDir, 'hiking')).toContain('mnemo.sqlite');
    } finally {
      rmSync(h.dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('bad input says so and changes nothing', async () => {
    const { h, api, call, send } = await start();
    const turn = await send('My locker number is 4127.');
    const memory = await call<MethodOutputs['memory.add']>('memory.add', { content: 'Locker number is 4127' });
    await h.engine.internals.indexer.flush();

    expect(await api.dispatch('forget.find', { text: 'zebra stripes quantum violin' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('Nothing was changed') },
    });
    expect(await api.dispatch('forget.find', { text: 'the and of' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await api.dispatch('forget.find', { memoryId: memory.memory.id, text: 'locker' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await api.dispatch('forget.find', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await api.dispatch('forget.find', { memoryId: 'gone' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await api.dispatch('forget.apply', { items: [] })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // One of the items is gone already: nothing is removed, the memory included.
    const stale = await api.dispatch('forget.apply', {
      items: [
        { kind: 'memory', id: memory.memory.id },
        { kind: 'message', id: 'no-such-message' },
      ],
    });
    expect(stale).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('nothing was forgotten') },
    });
    expect(h.engine.internals.store.memories.find(memory.memory.id)).toBeDefined();
    expect(h.engine.internals.store.messages.find(turn.userMessage.id)).toBeDefined();
  }, 60_000);

  it('deleting a conversation can take the memories that came from it', async () => {
    const { h, call, send } = await start();
    const turn = await send('My bike is a blue Brompton.');
    const other = await send('I work from home on Fridays.');
    const promoted = await call<MethodOutputs['memory.promote']>('memory.promote', { messageId: turn.userMessage.id });
    const elsewhere = await call<MethodOutputs['memory.promote']>('memory.promote', {
      messageId: other.userMessage.id,
    });
    await call('memory.add', { content: 'Likes green tea' });

    expect(
      (
        await call<MethodOutputs['conversations.memories']>('conversations.memories', {
          conversationId: turn.conversationId,
        })
      ).map((m) => m.id),
    ).toEqual([promoted.memory.id]);
    expect(await call('conversations.delete', { conversationId: turn.conversationId, withMemories: true })).toEqual({
      deleted: true,
      memoriesDeleted: 1,
    });
    expect(h.engine.internals.store.memories.find(promoted.memory.id)).toBeUndefined();
    expect(h.engine.internals.store.memories.rowCount()).toBeGreaterThan(0);
    expect((await call<MethodOutputs['memory.list']>('memory.list', {})).map((m) => m.id).sort()).toEqual(
      expect.arrayContaining([elsewhere.memory.id]),
    );
    // Without the option, the memories stay (the dialog lets the user choose).
    expect(await call('conversations.delete', { conversationId: other.conversationId })).toEqual({
      deleted: true,
      memoriesDeleted: 0,
    });
    expect(h.engine.internals.store.memories.find(elsewhere.memory.id)).toBeDefined();
  }, 60_000);
});
