// Attachments (issue 22 item 6): a text file sent with a message is kept in the message, sent
// to the model, found by History search and by retrieval in another chat, and survives an
// export and import; a file over the limit, of another type or binary is refused with nothing
// stored. Through the contract, with a real store, real Chroma and real HTTP to the test Ollama.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { MAX_ATTACHMENT_BYTES, parseMessage } from '../../../src/shared/attachments';
import type { MethodOutputs } from '../../../src/shared/contract';
import type { ChatRequestBody } from '../../../testkit/ollama-server';
import { startEngine, type EngineHarness } from '../../support/engine';
import { expectOk } from '../../support/faults';

const NOTES = 'Shopping list\nquinoa, 2 kg\nsaffron threads for the paella\n';
const isTitleRequest = (b: ChatRequestBody) => b.messages[0]?.content?.includes('short title') ?? false;
const chatBodies = (h: EngineHarness) =>
  h.ollama.requests
    .filter((r) => r.path === '/api/chat')
    .map((r) => r.body as ChatRequestBody)
    .filter((b) => !isTitleRequest(b));
const promptText = (body: ChatRequestBody) => body.messages.map((m) => m.content ?? '').join('\n');

describe('attachments (real store, Chroma, test Ollama, through the contract)', () => {
  let h: EngineHarness | undefined;
  let other: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    await other?.dispose();
    h = other = undefined;
  });

  async function send(api: EngineApi, input: Record<string, unknown>): Promise<MethodOutputs['chat.send']> {
    const started = expectOk(await api.dispatch('chat.send', input)) as MethodOutputs['chat.send'];
    await expect.poll(() => h!.engine.internals.chat.isBusy(started.conversationId), { timeout: 30_000 }).toBe(false);
    return started;
  }

  it('is stored in the message, sent to the model, searchable, retrieved in another chat, and exported', async () => {
    h = await startEngine();
    h.ollama.onChat((request) => ({ text: isTitleRequest(request) ? 'Groceries' : 'Got it.' }));
    const api = new EngineApi(h.engine);
    const started = await send(api, {
      conversationId: null,
      content: 'Here is my list.',
      attachments: [{ name: 'list.txt', text: NOTES }],
    });

    const stored = h.engine.internals.store.messages.get(started.userMessage.id);
    expect(parseMessage(stored.content)).toEqual({
      text: 'Here is my list.',
      attachments: [{ name: 'list.txt', text: NOTES }],
    });
    expect(promptText(chatBodies(h).at(-1)!)).toContain('saffron threads for the paella');

    // "saffron" is only in the file: History search finds the message by it.
    await h.engine.internals.indexer.flush();
    const hits = expectOk(
      await api.dispatch('search.messages', { query: 'saffron' }),
    ) as MethodOutputs['search.messages'];
    expect(hits.map((hit) => hit.responseId)).toContain(started.userMessage.id);

    // Another chat that may look across conversations retrieves the file's words.
    expectOk(await api.dispatch('settings.update', { crossConversationDefault: true }));
    await send(api, { conversationId: null, content: 'How much quinoa and what about saffron threads?' });
    expect(promptText(chatBodies(h).at(-1)!)).toContain('saffron threads for the paella');

    const exported = expectOk(await api.dispatch('data.exportAll', { plain: true })) as { content: string };
    other = await startEngine();
    expectOk(await new EngineApi(other.engine).dispatch('data.importAll', { json: exported.content }));
    expect(parseMessage(other.engine.internals.store.messages.get(started.userMessage.id).content).attachments).toEqual(
      [{ name: 'list.txt', text: NOTES }],
    );
  });

  it('refuses a file over the limit, of another type, or binary, and stores nothing', async () => {
    h = await startEngine();
    h.ollama.onChat(() => ({ text: 'ok' }));
    const api = new EngineApi(h.engine);
    const refused = [
      { name: 'big.md', text: 'a'.repeat(MAX_ATTACHMENT_BYTES + 1), says: /too large to attach/ },
      // Under the limit in characters, over it in bytes (three bytes each in UTF-8).
      { name: 'wide.txt', text: '€'.repeat(MAX_ATTACHMENT_BYTES / 2), says: /too large to attach/ },
      { name: 'photo.png', text: 'PNG', says: /only \.txt, \.md, \.json, \.csv files/ },
      { name: 'data.csv', text: 'a,b\u0000\u0001', says: /not UTF-8 text/ },
    ];
    for (const file of refused) {
      const result = await api.dispatch('chat.send', {
        conversationId: null,
        content: 'Look at this.',
        attachments: [{ name: file.name, text: file.text }],
      });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('INVALID_INPUT');
      expect(result.error.message).toMatch(file.says);
    }
    expect(h.engine.internals.store.conversations.list({ includeArchived: true })).toEqual([]);
    expect(h.engine.internals.store.chunks.count()).toBe(0);
    expect(chatBodies(h)).toEqual([]);
  });
});
