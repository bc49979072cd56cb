import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequestBody } from '../../../testkit/ollama-server';
import { contract, type ContractClient } from '../../support/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

describe('"Remember" distils a message into a short fact (contract, real Chroma, test Ollama)', () => {
  let h: EngineHarness;
  let api: ContractClient;
  let conversationId: string;
  beforeAll(async () => {
    h = await startEngine();
    api = contract(h.engine);
    conversationId = h.engine.internals.store.conversations.create().id;
  });
  afterAll(async () => h.dispose());
  beforeEach(() => h.ollama.reset());

  const message = (content: string) =>
    h.engine.internals.store.messages.appendTurn({ conversationId, role: 'user', content });

  it('asks the chat model for a first-person fact through a JSON-schema structured output, and saves what the user edited', async () => {
    const m = message('Ugh, I had to leave the party early again because of my peanut allergy, it is really bad.');
    h.ollama.scriptStructured({ fact: 'I have a severe peanut allergy.', category: 'Health' });
    const draft = await api.call('memory.distill', { messageId: m.id });
    expect(draft).toEqual({
      content: 'I have a severe peanut allergy.',
      category: 'health',
      distilled: true,
      reason: null,
      secrets: [],
    });
    const request = h.ollama.requests.find((r) => r.path === '/api/chat')!.body as ChatRequestBody;
    expect(request.model).toBe(h.engine.services.settings.chatModel());
    expect(request.format).toMatchObject({
      type: 'object',
      required: ['fact', 'category'],
      properties: { fact: { type: 'string' } },
    });
    expect(request.messages.at(-1)?.content).toContain('peanut allergy');
    expect(await api.call('memory.list', {})).toEqual([]);

    const saved = await api.call('memory.promote', {
      messageId: m.id,
      content: 'I have a severe peanut allergy (carry an EpiPen).',
      category: draft.category,
    });
    expect(saved.memory).toMatchObject({
      content: 'I have a severe peanut allergy (carry an EpiPen).',
      category: 'health',
      source: 'promoted',
      sourceMessageId: m.id,
      sourceConversationId: conversationId,
    });
  });

  it('a question holds no fact: the message is offered as written, with why', async () => {
    const m = message('What are good weekend activities for a family?');
    h.ollama.scriptStructured({ fact: '', category: 'general' });
    expect(await api.call('memory.distill', { messageId: m.id })).toMatchObject({
      content: m.content,
      distilled: false,
      reason: { code: 'noFact' },
    });
  });

  it('an answer that is not valid JSON is a clear failure that changes nothing: the message is offered as written', async () => {
    const m = message('My daughter Mia turned 8 last week.');
    h.ollama.scriptStructured('{"fact": "My daughter Mia is 8", "category": ');
    const draft = await api.call('memory.distill', { messageId: m.id });
    expect(draft).toMatchObject({
      content: m.content,
      distilled: false,
      reason: {
        code: 'modelFailed',
        error: expect.objectContaining({ message: expect.stringContaining('not valid JSON') }),
      },
    });
    h.ollama.scriptStructured({ fact: 42 });
    expect(await api.call('memory.distill', { messageId: m.id })).toMatchObject({
      distilled: false,
      reason: { code: 'modelFailed', error: expect.objectContaining({ message: expect.stringContaining('shape') }) },
    });
    expect(await api.call('memory.list', {})).toHaveLength(1);
  });

  it('without Ollama, the raw text is offered for editing; a secret in it is flagged; a deleted message is NOT_FOUND', async () => {
    const m = message('Note to self: my locker PIN is 4821.');
    const port = Number(new URL(h.ollama.url).port);
    await h.ollama.stop();
    try {
      expect(await api.call('memory.distill', { messageId: m.id })).toMatchObject({
        content: m.content,
        distilled: false,
        reason: { code: 'modelFailed', error: expect.objectContaining({ code: expect.stringMatching(/^OLLAMA_/) }) },
        secrets: ['pin'],
      });
    } finally {
      await h.ollama.start({ port });
    }
    expect(await api.fail('memory.distill', { messageId: 'no-such-message' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
