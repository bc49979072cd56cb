import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SerializedError } from '../../../src/shared/errors';
import type { ChatRequestBody } from '../../../testkit/ollama-server';
import { contract, isTitleRequest, type ContractClient } from '../../support/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

const MINUTE = 60_000;

describe('memory without tool calls: the idle pass extracts facts into the review queue (contract, real Chroma, test Ollama)', () => {
  let h: EngineHarness;
  let api: ContractClient;
  let clock = Date.parse('2026-03-01T09:00:00Z');
  const errors: SerializedError[] = [];
  beforeAll(async () => {
    h = await startEngine({
      overrides: { ollama: { chatModel: 'gemma2:2b' } },
      engine: { now: () => clock, runBackgroundSummaries: false },
    });
    api = contract(h.engine);
    h.engine.on('extraction-error', (e) => errors.push(e));
  });
  afterAll(async () => h.dispose());
  beforeEach(() => {
    h.ollama.reset();
    h.ollama.onChat((body) => (isTitleRequest(body) ? { text: 'A chat' } : { text: 'How lovely.' }));
    errors.length = 0;
  });

  const structuredRequests = () =>
    h.ollama.requests.filter((r) => r.path === '/api/chat' && (r.body as ChatRequestBody).format !== undefined);
  async function say(content: string, conversationId?: string) {
    const turn = await h.engine.internals.chat.send({ content, ...(conversationId ? { conversationId } : {}) });
    await turn.done;
    return turn;
  }

  it('says which mode is in use: extraction for a model whose /api/show lists no tools, tool calls otherwise', async () => {
    expect((await api.call('app.status', {})).memoryMode).toBe('extraction');
    await api.call('settings.update', { chatModel: 'llama3.2:3b' });
    expect((await api.call('app.status', {})).memoryMode).toBe('tools');
    expect((await h.engine.internals.extraction.runOnce()).proposals).toEqual([]);
    expect(structuredRequests()).toEqual([]);
    await api.call('settings.update', { chatModel: 'gemma2:2b' });
  });

  it('proposes the facts of a quiet conversation for review (even with "save at once"), with their source message, once', async () => {
    await api.call('settings.update', { memorySaveMode: 'auto' });
    const turn = await say('My daughter Mia started school this week, she loves it.');
    expect((await h.engine.internals.extraction.runOnce()).proposals).toEqual([]); // not quiet yet
    clock += 11 * MINUTE;
    h.ollama.scriptStructured({
      facts: [
        {
          message: 1,
          content: 'The user has a daughter called Mia, who just started school.',
          category: 'family',
          importance: 4,
        },
      ],
    });
    const report = await h.engine.internals.extraction.runOnce();
    expect(report).toMatchObject({ errors: [], refused: 0 });
    expect(report.proposals).toMatchObject([
      {
        origin: 'extraction',
        status: 'pending',
        sourceMessageId: turn.userMessage.id,
        content: 'The user has a daughter called Mia, who just started school.',
      },
    ]);
    const request = structuredRequests()[0]!.body as ChatRequestBody;
    expect(request).toMatchObject({ model: 'gemma2:2b', format: { type: 'object', required: ['facts'] } });
    expect(request.messages.at(-1)?.content).toContain('1. My daughter Mia started school');
    expect(await api.call('memory.list', {})).toEqual([]);
    expect((await api.call('memory.proposals', {})).map((p) => p.content)).toContain(
      'The user has a daughter called Mia, who just started school.',
    );

    await h.engine.internals.extraction.runOnce();
    expect(structuredRequests()).toHaveLength(1); // nothing new said: not read again
    await api.call('settings.update', { memorySaveMode: 'ask' });
  });

  it('an answer that is not valid JSON is a typed error that changes nothing; the turns are read again next time', async () => {
    const first = await say('I moved to Porto last month.');
    clock += 11 * MINUTE;
    const before = await api.call('memory.proposals', {});
    h.ollama.scriptStructured('{"facts": [{"message": 1, "content": "The user lives in');
    const report = await h.engine.internals.extraction.runOnce();
    expect(report.errors).toMatchObject([
      { code: 'OLLAMA_BAD_RESPONSE', message: expect.stringContaining('not valid JSON') },
    ]);
    expect(errors).toMatchObject([{ code: 'OLLAMA_BAD_RESPONSE' }]);
    expect(await api.call('memory.proposals', {})).toEqual(before);

    h.ollama.scriptStructured({ facts: [{ message: 1, content: 'The user lives in Porto.', category: 'home' }] });
    expect((await h.engine.internals.extraction.runOnce()).proposals).toMatchObject([
      { content: 'The user lives in Porto.', sourceMessageId: first.userMessage.id },
    ]);
  });

  it('holds back a fact that is a secret, and leaves temporary chats alone', async () => {
    await say('The alarm code at home is PIN 7391.');
    const temporary = await h.engine.internals.chat.send({
      content: 'Just between us: I am job hunting.',
      temporary: true,
    });
    await temporary.done;
    clock += 11 * MINUTE;
    h.ollama.scriptStructured({
      facts: [{ message: 1, content: 'The user’s home alarm PIN is 7391.', category: 'home' }],
    });
    const report = await h.engine.internals.extraction.runOnce();
    expect(report).toMatchObject({ proposals: [], refused: 1, errors: [] });
    const asked = structuredRequests().map((r) => (r.body as ChatRequestBody).messages.at(-1)?.content ?? '');
    expect(asked.some((text) => text.includes('job hunting'))).toBe(false);
  });
});
