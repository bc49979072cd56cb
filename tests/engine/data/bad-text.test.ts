// Lone surrogates and NUL bytes end to end, through the contract as the renderer calls it:
// stored (lone surrogates as U+FFFD, NUL kept), read back and reassembled exactly as stored,
// found by keyword search, indexed into Chroma, and sent to Ollama as valid JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { MethodOutputs } from '../../../src/shared/contract';
import type { Message } from '../../../src/shared/domain';
import type { ChatRequestBody } from '../../../testkit/ollama-server';
import { indexCounts, startEngine, type EngineHarness } from '../../support/engine';

const isTitleRequest = (b: ChatRequestBody) => b.messages[0]?.content?.includes('short title') ?? false;

describe('lone surrogates and NUL through chat.send (real engine)', () => {
  let h: EngineHarness;
  let api: EngineApi;
  beforeAll(async () => {
    h = await startEngine();
    api = new EngineApi(h.engine);
  });
  afterAll(async () => {
    await h?.dispose();
  });

  async function call<T>(method: string, input: unknown): Promise<T> {
    const result = await api.dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  }

  const cases: { name: string; word: string; text: string; around?: string }[] = [
    { name: 'a lone high surrogate', word: 'aardvark', text: 'high \uD800 alone, aardvark' },
    { name: 'a lone low surrogate', word: 'bobolink', text: '\uDFFF at the start, bobolink' },
    {
      name: 'NUL bytes',
      word: 'capybara',
      text: 'nul\u0000inside and at the end capybara \u0000 and after',
      around: 'inside and at the end «capybara»',
    },
    {
      name: 'everything mixed with emoji and CJK',
      word: 'dugong',
      text: '😀\uD83D dugong 漢字\u0000\uDE00 🙂 end\uD800',
    },
    {
      name: 'a long multi-chunk message with all of it',
      word: 'echidna',
      text: Array.from({ length: 400 }, (_, i) => `line ${i} echidna 😀 漢字 \u0000 \uD800 \uDFFF`).join('\n'),
    },
  ];

  for (const c of cases) {
    it(`${c.name}: stored, reassembled, searchable, indexed, sent as valid JSON`, async () => {
      const expected = c.text.toWellFormed();
      expect(expected).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
      h.ollama.reset();
      h.ollama.onChat((request) => ({
        text: isTitleRequest(request) ? 'Odd text' : `You said: ${request.messages.at(-1)?.content ?? ''}`,
      }));

      const started = await call<MethodOutputs['chat.send']>('chat.send', { content: c.text });
      expect(started.userMessage.content).toBe(expected);
      await expect.poll(() => h.engine.internals.chat.isBusy(started.conversationId)).toBe(false);

      const messages = await call<Message[]>('conversations.messages', { conversationId: started.conversationId });
      expect(messages.map((m) => [m.role, m.status])).toEqual([
        ['user', 'complete'],
        ['assistant', 'complete'],
      ]);
      expect(messages[0]!.content).toBe(expected);
      expect(messages[1]!.content).toBe(`You said: ${expected}`);
      for (const m of messages) {
        expect(h.engine.internals.store.chunks.reassemble(m.conversationId, m.id)).toBe(m.content);
        expect(m.content.includes('\u0000')).toBe(expected.includes('\u0000'));
      }
      if (c.text.length > 5000)
        expect(h.engine.internals.store.chunks.forResponse(messages[0]!.id).length).toBeGreaterThan(1);

      const hits = await call<MethodOutputs['search.messages']>('search.messages', { query: c.word });
      expect(hits.map((hit) => hit.responseId)).toEqual(expect.arrayContaining([messages[0]!.id, messages[1]!.id]));
      // Snippets show the match even past a NUL (SQLite's own snippet() stops at the first one).
      for (const hit of hits) expect(hit.snippet).toContain(`«${c.word}»`);
      if (c.around) expect(hits.find((hit) => hit.responseId === messages[0]!.id)!.snippet).toContain(c.around);

      // What Ollama received parsed as JSON (the test server records undefined otherwise) and held the same text.
      const chats = h.ollama.requests.filter((r) => r.path === '/api/chat');
      expect(chats.length).toBeGreaterThan(0);
      for (const r of chats) expect(r.body).toBeDefined();
      const turn = chats.map((r) => r.body as ChatRequestBody).find((b) => !isTitleRequest(b))!;
      expect(turn.messages.at(-1)).toMatchObject({ role: 'user', content: expected });

      await h.engine.internals.indexer.flush();
      const embeds = h.ollama.requests.filter((r) => r.path === '/api/embed');
      for (const r of embeds) expect(r.body).toBeDefined();
      const embedded = embeds.flatMap((r) => (r.body as { input: string[] | string }).input);
      const chunks = messages.flatMap((m) => h.engine.internals.store.chunks.forResponse(m.id));
      for (const chunk of chunks) expect(embedded).toContain(chunk.text);
      const model = h.engine.services.settings.embeddingModel();
      expect(
        [
          ...(await h.engine.internals.vectors.has(
            'chunk',
            model,
            chunks.map((x) => x.id),
          )),
        ].sort(),
      ).toEqual(chunks.map((x) => x.id).sort());
      const counts = await indexCounts(h.engine);
      expect(counts.chroma).toEqual(counts.sqlite);
    });
  }

  it('a conversation title cut from a message never splits an emoji into a lone surrogate', async () => {
    h.ollama.reset();
    h.ollama.onChat(() => ({ text: 'ok' }));
    const started = await call<MethodOutputs['chat.send']>('chat.send', { content: '😀'.repeat(200) });
    // The fallback title (cut at 57 UTF-16 units, mid-emoji) is set before the reply starts.
    const title = h.engine.internals.store.conversations.get(started.conversationId).title;
    // The half emoji becomes one U+FFFD (written raw it would read back as three).
    expect(title).toBe(`${'😀'.repeat(28)}\uFFFD…`);
    await expect.poll(() => h.engine.internals.chat.isBusy(started.conversationId)).toBe(false);
  });

  it('a reply from Ollama carrying a lone surrogate (a JSON \\uD800 escape) is stored well-formed and reads back as stored', async () => {
    h.ollama.reset();
    const reply = 'broken \uD800 reply \u0000 with 😀 and fennec';
    h.ollama.onChat((request) => ({ text: isTitleRequest(request) ? 'Odd reply' : reply }));
    const started = await call<MethodOutputs['chat.send']>('chat.send', { content: 'say something odd' });
    await expect.poll(() => h.engine.internals.chat.isBusy(started.conversationId)).toBe(false);
    const messages = await call<Message[]>('conversations.messages', { conversationId: started.conversationId });
    expect(messages[1]).toMatchObject({ role: 'assistant', status: 'complete', content: reply.toWellFormed() });
    expect(h.engine.internals.store.chunks.reassemble(started.conversationId, messages[1]!.id)).toBe(
      reply.toWellFormed(),
    );
    expect(
      (await call<MethodOutputs['search.messages']>('search.messages', { query: 'fennec' })).map((x) => x.responseId),
    ).toContain(messages[1]!.id);
  });
});
