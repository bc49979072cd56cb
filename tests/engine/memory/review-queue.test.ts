import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../src/main/engine/chat';
import { contract, toolScript, type ContractClient } from '../../support/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

const save = (content: string) => [
  { name: 'save_to_model_memory', arguments: { content, category: 'health', importance: 4 } },
];
const lookup = (query: string) => [{ name: 'retrieve_user_info', arguments: { query } }];

describe('the review queue: what the model saves waits for the user (contract, real Chroma, test Ollama)', () => {
  let h: EngineHarness;
  let api: ContractClient;
  const events: ChatEvent[] = [];
  beforeAll(async () => {
    h = await startEngine();
    api = contract(h.engine);
    h.engine.on('chat', (e) => events.push(e));
  });
  afterAll(async () => h.dispose());
  beforeEach(async () => {
    events.length = 0;
    for (const p of h.engine.internals.review.pending()) h.engine.internals.review.reject(p.id);
    for (const m of h.engine.internals.memory.list()) h.engine.internals.memory.delete(m.id);
    h.engine.internals.store.memories.purgeDeleted();
    await api.call('settings.update', { memorySaveMode: 'ask' });
    h.ollama.onChat(
      toolScript({
        'allergic to peanuts': save('The user is allergic to peanuts.'),
        'prefer tea': save('The user prefers tea to coffee.'),
        'What do you remember': lookup('peanuts allergy'),
      }),
    );
  });

  async function turn(content: string, conversationId?: string) {
    const started = await h.engine.internals.chat.send({ content, ...(conversationId ? { conversationId } : {}) });
    await started.done;
    return started;
  }

  it('asks first by default: the proposal waits with its source message, is never injected nor returned by retrieve_user_info', async () => {
    expect((await api.call('settings.get', {})).memorySaveMode).toBe('ask');
    const first = await turn('I am allergic to peanuts, badly.');
    const proposed = events.find((e) => e.type === 'memory-proposed');
    expect(proposed).toMatchObject({
      proposal: {
        content: 'The user is allergic to peanuts.',
        status: 'pending',
        sourceMessageId: first.userMessage.id,
        replyMessageId: first.assistantMessageId,
        origin: 'tool',
      },
    });
    expect(events.some((e) => e.type === 'memory-saved')).toBe(false);
    expect(await api.call('memory.list', {})).toEqual([]);
    const pending = await api.call('memory.proposals', {});
    expect(pending.map((p) => p.content)).toEqual(['The user is allergic to peanuts.']);

    const context = await api.call('chat.dryRun', {
      conversationId: null,
      content: 'Any peanut allergy I should know about?',
    });
    expect(context.items.filter((i) => i.section === 'memory' || i.section === 'core_memory')).toEqual([]);
    await turn('What do you remember about my allergies?');
    const lookedUp = events.find((e) => e.type === 'tool-call' && e.name === 'retrieve_user_info');
    expect(lookedUp).toMatchObject({ ok: true, result: 'No saved memories match.' });
  });

  it('approves a proposal as the user edited it, with its provenance; the chat note survives a restart', async () => {
    const first = await turn('I am allergic to peanuts, badly.');
    const [proposal] = await api.call('memory.proposals', { conversationId: first.conversationId });
    const approved = await api.call('memory.approve', {
      proposalId: proposal!.id,
      content: 'I am badly allergic to peanuts.',
    });
    expect(approved.memory).toMatchObject({
      content: 'I am badly allergic to peanuts.',
      source: 'model',
      sourceMessageId: first.userMessage.id,
      category: 'health',
      importance: 4,
    });
    expect(approved.proposal).toMatchObject({ status: 'approved', content: '', memoryId: approved.memory.id });
    expect(await api.call('memory.proposals', {})).toEqual([]);

    await h.reopen();
    api = contract(h.engine);
    h.engine.on('chat', (e) => events.push(e));
    const notes = await api.call('memory.proposals', { conversationId: first.conversationId });
    expect(notes).toMatchObject([
      { status: 'approved', replyMessageId: first.assistantMessageId, memoryId: approved.memory.id },
    ]);
    const again = await api.fail('memory.approve', { proposalId: proposal!.id });
    expect(again).toMatchObject({ code: 'INVALID_INPUT', message: 'That proposal was already approved.' });
  });

  it('rejects a proposal: nothing is saved and its text is gone from the database', async () => {
    const first = await turn('Honestly I prefer tea, always.');
    const [proposal] = await api.call('memory.proposals', { conversationId: first.conversationId });
    expect(await api.call('memory.reject', { proposalId: proposal!.id })).toMatchObject({
      status: 'rejected',
      content: '',
    });
    expect((await api.call('memory.list', {})).some((m) => m.content.includes('tea'))).toBe(false);
    const stored = h.engine.internals.store.db
      .prepare(`SELECT count(*) FROM memory_proposals WHERE content LIKE '%tea%'`)
      .pluck()
      .get();
    expect(stored).toBe(0);
  });

  it('saves at once when the user chose so', async () => {
    await api.call('settings.update', { memorySaveMode: 'auto' });
    await turn('Honestly I prefer tea, always.');
    expect(events.find((e) => e.type === 'memory-saved')).toMatchObject({
      memory: { content: 'The user prefers tea to coffee.', source: 'model' },
    });
    expect(events.some((e) => e.type === 'memory-proposed')).toBe(false);
  });

  it('a proposal for a deleted message gets NOT_FOUND and queues nothing; deleting a conversation takes its proposals', async () => {
    const first = await turn('I am allergic to peanuts, badly.');
    const [proposal] = await api.call('memory.proposals', { conversationId: first.conversationId });
    const before = (await api.call('memory.proposals', {})).length;
    const deletedSource = h.engine.internals.store.messages.appendTurn({
      conversationId: first.conversationId,
      role: 'user',
      content: 'gone soon',
    });
    h.engine.internals.store.messages.delete(deletedSource.id);
    await expect(
      h.engine.internals.review.fromModel({
        content: 'The user likes jazz.',
        origin: 'tool',
        sourceMessageId: deletedSource.id,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await api.call('memory.proposals', {})).length).toBe(before);

    await api.call('conversations.delete', { conversationId: first.conversationId });
    expect(await api.fail('memory.approve', { proposalId: proposal!.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect((await api.call('memory.list', {})).some((m) => m.content.includes('peanuts'))).toBe(false);
  });
});
