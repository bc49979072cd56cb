// Export everything from one real profile, import it into a fresh data folder, and check the
// two are the same: every conversation, message (byte for byte), summary with its coverage,
// memory with its history and soft-delete state, and settings; then that Chroma converges to
// SQLite from the outbox. Imports into a non-empty profile, and damaged files, change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { Engine } from '../../../src/main/engine/engine';
import type { MethodOutputs } from '../../../src/shared/contract';
import type { ChatRequestBody } from '../../../testkit/ollama-server';
import { indexCounts, startEngine, type EngineHarness } from '../../support/engine';
import { waitUntil } from '../../support/waits';

const isTitleRequest = (b: ChatRequestBody) => b.messages[0]?.content?.includes('short title') ?? false;
const isSummaryRequest = (b: ChatRequestBody) =>
  b.messages.some((m) => /summar/i.test(m.content ?? '') && m.role === 'system');

type Api = {
  call: <T>(method: string, input?: unknown) => Promise<T>;
  fail: (method: string, input?: unknown) => Promise<{ code: string; message: string }>;
};

function apiOf(engine: Engine): Api {
  const api = new EngineApi(engine);
  return {
    call: async <T>(method: string, input: unknown = {}) => {
      const result = await api.dispatch(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    },
    fail: async (method: string, input: unknown = {}) => {
      const result = await api.dispatch(method, input);
      if (result.ok) throw new Error(`${method} unexpectedly succeeded`);
      return result.error;
    },
  };
}

/** Everything a profile holds, read straight from its store, for deep comparison. */
function snapshot(engine: Engine) {
  const { store } = engine.internals;
  // What an export carries: temporary chats are kept only while open, never exported.
  const conversations = store.conversations.inWriteOrder().filter((c) => !c.temporary);
  const kept = new Set(conversations.map((c) => c.id));
  return {
    conversations,
    listed: store.conversations
      .list({ includeArchived: true })
      .map((c) => c.id)
      .filter((id) => kept.has(id)),
    messages: conversations.map((c) => store.messages.list(c.id)),
    reassembled: conversations.flatMap((c) =>
      store.messages.list(c.id).map((m) => store.chunks.reassemble(c.id, m.id)),
    ),
    summaries: conversations.map((c) =>
      store.summaries.all(c.id).map((s) => ({
        ...s,
        covers: store.summaries.coveredMessageIds(s.id),
        text: store.chunks.reassemble(c.id, s.id),
      })),
    ),
    memories: store.memories.everything().map((m) => ({ ...m, history: store.memories.history(m.id) })),
    liveMemories: store.memories.list().map((m) => m.id),
    settings: engine.internals.settings.get(),
    chunks: store.chunks.count(),
  };
}

/** Waits (in setup, where expect.poll is not available) until the reply in a conversation is stored. */
function replyStored(engine: Engine, conversationId: string): Promise<void> {
  return waitUntil(() => !engine.internals.chat.isBusy(conversationId), 'the reply is stored');
}

/** A file made by data.exportAll, with the moment of export set aside. */
const comparable = (content: string) => ({ ...(JSON.parse(content) as Record<string, unknown>), exportedAt: 0 });

const LONG = Array.from(
  { length: 300 },
  (_, i) => `Paragraph ${i}: the lighthouse keeper logs the weather 🌊 灯台守 at dawn\u0000 and dusk.`,
).join('\n\n');

describe('export all data, import into a fresh profile (real engines)', () => {
  let source: EngineHarness;
  let target: EngineHarness;
  let src: Api;
  let dst: Api;
  let exported: MethodOutputs['data.exportAll'];

  beforeAll(async () => {
    source = await startEngine();
    target = await startEngine();
    src = apiOf(source.engine);
    dst = apiOf(target.engine);
    source.ollama.onChat((request) => ({
      text: isTitleRequest(request)
        ? 'A title'
        : isSummaryRequest(request)
          ? 'They talked about lighthouses, tea and 漢字 😀.'
          : `Noted: ${(request.messages.at(-1)?.content ?? '').slice(0, 80)}`,
    }));

    const send = async (content: string, conversationId: string | null = null) => {
      const started = await src.call<MethodOutputs['chat.send']>('chat.send', { content, conversationId });
      await replyStored(source.engine, started.conversationId);
      return started;
    };
    // 1: a long multi-chunk message, odd characters, two summaries (the second folds in the first).
    const first = await send('Hello 😀 你好 — with a NUL\u0000 and a lone \uD800 surrogate.');
    await send(LONG, first.conversationId);
    await send('Green tea, no sugar, always.', first.conversationId);
    const [older] = source.engine.internals.store.summaries.all(first.conversationId);
    const s1 =
      older ??
      source.engine.internals.store.summaries.create({
        conversationId: first.conversationId,
        content: 'Earlier: greetings 😀.',
        firstSeq: 1,
        lastSeq: 2,
        trigger: 'overflow',
        model: 'test',
      });
    source.engine.internals.store.summaries.create({
      conversationId: first.conversationId,
      content: 'So far: greetings, a lighthouse log 🌊, and tea 茶.',
      firstSeq: 1,
      lastSeq: 4,
      trigger: 'idle',
      model: 'test',
      supersedes: [s1.id],
    });
    // An assistant reply that failed, kept with its error.
    source.engine.internals.store.messages.appendTurn({
      conversationId: first.conversationId,
      role: 'assistant',
      content: 'Half a repl',
      status: 'error',
      error: { code: 'OLLAMA_UNREACHABLE', message: 'Ollama went away.' },
    });

    // 2: renamed and pinned, with its own retrieval switch. 3: archived. 4: temporary.
    const second = await send('Plan a trip to Kyoto in April 🌸.');
    await src.call('conversations.rename', { conversationId: second.conversationId, title: 'Kyoto 京都 trip ✈️' });
    await src.call('conversations.setPinned', { conversationId: second.conversationId, pinned: true });
    await src.call('conversations.setCrossConversation', { conversationId: second.conversationId, enabled: false });
    const third = await send('An old conversation about bicycles.');
    await src.call('conversations.setArchived', { conversationId: third.conversationId, archived: true });
    const temporary = await src.call<MethodOutputs['chat.send']>('chat.send', {
      content: 'A temporary chat.',
      temporary: true,
    });
    await replyStored(source.engine, temporary.conversationId);

    // Memories: edited (history), pinned, promoted from a message (provenance), soft-deleted.
    const allergy = await src.call<MethodOutputs['memory.add']>('memory.add', {
      content: 'Allergic to peanuts',
      category: 'health',
      importance: 5,
    });
    await src.call('memory.edit', {
      memoryId: allergy.memory.id,
      content: 'Allergic to peanuts and cashews 🥜',
      pinned: true,
    });
    await src.call('memory.add', { content: 'Prefers trains over planes', category: 'travel', importance: 3 });
    const gone = await src.call<MethodOutputs['memory.add']>('memory.add', {
      content: 'Owns a red kayak',
      category: 'hobbies',
      importance: 2,
    });
    await src.call('memory.delete', { memoryId: gone.memory.id });
    const tea = source.engine.internals.store.messages
      .list(first.conversationId)
      .find((m) => m.content.startsWith('Green tea'))!;
    await src.call('memory.promote', { messageId: tea.id, category: 'food', importance: 4 });

    await src.call('settings.update', {
      systemPrompt: 'You are Mnemo. 你好 😀',
      crossConversationDefault: false,
      reservedOutputTokens: 700,
    });
    await source.engine.internals.indexer.flush();

    exported = await src.call<MethodOutputs['data.exportAll']>('data.exportAll', { plain: true });
  }, 180_000);

  afterAll(async () => {
    await source?.dispose();
    await target?.dispose();
  });

  it('the export is one versioned JSON file with everything in it', () => {
    expect(exported.filename).toMatch(/^mnemo-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(exported.mimeType).toBe('application/json');
    const file = JSON.parse(exported.content) as Record<string, unknown[]> & { format: string; version: number };
    expect(file).toMatchObject({ format: 'mnemo-export', version: 1, exportedAt: expect.any(Number) });
    const before = snapshot(source.engine);
    expect(file.conversations).toHaveLength(3);
    expect(exported.content).not.toContain('A temporary chat.');
    expect(file.messages).toHaveLength(before.messages.flat().length);
    expect(file.summaries).toHaveLength(before.summaries.flat().length);
    expect(file.summaries!.length).toBeGreaterThanOrEqual(2);
    expect(file.memories).toHaveLength(4);
    expect(before.chunks).toBeGreaterThan(before.messages.flat().length + 3);
  });

  it('imports into a fresh profile: every record equal, text byte-identical, and Chroma converges', async () => {
    const counts = await dst.call<MethodOutputs['data.importAll']>('data.importAll', { json: exported.content });
    const before = snapshot(source.engine);
    expect(counts).toEqual({
      conversations: 3,
      messages: before.messages.flat().length,
      summaries: before.summaries.flat().length,
      memories: 4,
    });

    const after = snapshot(target.engine);
    expect(after.conversations).toEqual(before.conversations);
    expect(after.listed).toEqual(before.listed);
    expect(after.messages).toEqual(before.messages);
    expect(after.summaries).toEqual(before.summaries);
    expect(after.memories).toEqual(before.memories);
    expect(after.liveMemories).toEqual(before.liveMemories);
    expect(after.reassembled).toEqual(before.reassembled);
    expect(after.chunks).toBe(before.chunks);
    const bytes = (s: ReturnType<typeof snapshot>) =>
      Buffer.from(
        s.messages
          .flat()
          .map((m) => m.content)
          .join('\u0001'),
        'utf8',
      );
    expect(bytes(after).equals(bytes(before))).toBe(true);
    expect(
      after.messages
        .flat()
        .some((m) => m.content.includes('\u0000') && m.content.includes('😀') && m.content.includes('你好')),
    ).toBe(true);
    expect(after.memories.find((m) => m.content === 'Owns a red kayak')).toMatchObject({
      deletedAt: expect.any(Number),
    });
    expect(after.memories.find((m) => m.source === 'promoted')).toMatchObject({
      sourceMessageId: expect.any(String),
      sourceConversationId: expect.any(String),
    });
    expect(after.settings).toMatchObject({
      systemPrompt: 'You are Mnemo. 你好 😀',
      crossConversationDefault: false,
      reservedOutputTokens: 700,
    });

    // Exporting the imported profile gives back the same file.
    const again = await dst.call<MethodOutputs['data.exportAll']>('data.exportAll', { plain: true });
    expect(comparable(again.content)).toEqual(comparable(exported.content));

    // The outbox re-indexes everything; Chroma ends up holding what SQLite holds.
    expect(target.engine.internals.store.outbox.pendingCount()).toBeGreaterThanOrEqual(
      after.chunks + after.liveMemories.length,
    );
    await target.engine.internals.indexer.flush();
    const index = await indexCounts(target.engine);
    expect(index.chroma).toEqual(index.sqlite);
    expect(index.sqlite).toEqual({ chunk: before.chunks, memory: 3 });
    // And retrieval works on the imported data, vectors and keywords alike.
    const hits = await dst.call<MethodOutputs['search.messages']>('search.messages', { query: 'lighthouse keeper' });
    expect(hits.length).toBeGreaterThan(0);
    const recalled = await dst.call<MethodOutputs['memory.search']>('memory.search', { query: 'peanut allergy' });
    expect(recalled[0]?.memory.content).toBe('Allergic to peanuts and cashews 🥜');
  });

  it('refuses an import into a profile that is not empty, and changes nothing', async () => {
    const before = (await dst.call<MethodOutputs['data.exportAll']>('data.exportAll', { plain: true })).content;
    const pending = target.engine.internals.store.outbox.pendingCount();
    const error = await dst.fail('data.importAll', { json: exported.content });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('empty profile') });
    expect(
      comparable((await dst.call<MethodOutputs['data.exportAll']>('data.exportAll', { plain: true })).content),
    ).toEqual(comparable(before));
    expect(target.engine.internals.store.outbox.pendingCount()).toBe(pending);
  });

  describe('damaged files into an empty profile', () => {
    let empty: EngineHarness;
    let api: Api;
    beforeAll(async () => {
      empty = await startEngine();
      api = apiOf(empty.engine);
    });
    afterAll(async () => {
      await empty?.dispose();
    });

    const file = () =>
      JSON.parse(exported.content) as Record<string, unknown> & {
        messages: { id: string; conversationId: string }[];
        summaries: unknown[];
      };
    const damaged: [string, () => string, RegExp][] = [
      ['not JSON', () => `{"format": "mnemo-export", nope}`, /not JSON/],
      ['cut off', () => exported.content.slice(0, -20), /ends in the middle/],
      ['a bare list of records', () => JSON.stringify([{ id: 'x' }]), /not a Mnemo export/],
      [
        'a message longer than sending allows',
        () => JSON.stringify({ ...file(), messages: [{ ...file().messages[0]!, content: 'x'.repeat(1_000_001) }] }),
        /messages\.0\.content: Too big/,
      ],
      [
        'another format',
        () => JSON.stringify({ format: 'mnemo-memories', version: 1, memories: [] }),
        /not a Mnemo export/,
      ],
      ['a newer version', () => JSON.stringify({ ...file(), version: 2 }), /version 2/],
      [
        'a field of the wrong type',
        () =>
          JSON.stringify({ ...file(), conversations: [{ ...(file().conversations as object[])[0], pinned: 'yes' }] }),
        /conversations\.0\.pinned/,
      ],
      [
        'a message in a missing conversation',
        () =>
          JSON.stringify({
            ...file(),
            messages: [...file().messages, { ...file().messages[0]!, id: 'stray', conversationId: 'nowhere' }],
          }),
        /belongs to a conversation/,
      ],
      [
        'invalid settings',
        () => JSON.stringify({ ...file(), settings: { 'user-settings': { chunkTokens: -3 } } }),
        /settings are not valid/,
      ],
      // A summary that reuses a message's id would collide in the database late in the write; it is refused by name
      // before anything is written.
      [
        'records that would collide in the database',
        () => {
          const f = file();
          // Written after every conversation and message: a late failure.
          const older = (f.summaries as { id: string; supersededBy: string | null }[]).find(
            (x) => x.supersededBy !== null,
          )!;
          older.id = f.messages.at(-1)!.id;
          return JSON.stringify(f);
        },
        /appears twice/,
      ],
    ];

    for (const [name, make, message] of damaged) {
      it(`${name}: INVALID_INPUT, nothing written`, async () => {
        const settingsBefore = empty.engine.internals.store.settings.all();
        const error = await api.fail('data.importAll', { json: make() });
        expect(error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(message) });
        const db = empty.engine.internals.store.db;
        for (const table of [
          'conversations',
          'messages',
          'summaries',
          'summary_messages',
          'chunks',
          'memories',
          'memory_history',
          'embeddings',
        ]) {
          expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
        }
        // A late failure undoes conversations already committed: the outbox then only asks Chroma to delete.
        expect(db.prepare(`SELECT count(*) FROM outbox WHERE op <> 'delete'`).pluck().get()).toBe(0);
        expect(empty.engine.internals.store.settings.all()).toEqual(settingsBefore);
      });
    }

    it('and a good file still goes in afterwards', async () => {
      await expect(api.call('data.importAll', { json: exported.content })).resolves.toMatchObject({ conversations: 3 });
    });
  });
});
