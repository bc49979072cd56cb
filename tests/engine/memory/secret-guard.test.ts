import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../src/main/engine/chat';
import { findSecrets, luhnValid } from '../../../src/main/engine/memory';
import { contract, toolScript, type ContractClient } from '../../support/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

const kinds = (text: string) => findSecrets(text).map((f) => f.kind);

describe('findSecrets', () => {
  it.each([
    ['my OpenAI key is sk-proj-Zx81kQw3LmN0pR7sT2vY9bC4dF6gH1jK', 'api-key'],
    ['GitHub token ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8', 'api-key'],
    ['aws AKIAZ7X2Q4P9L3M8N5K1 for the backups', 'api-key'],
    ['api_key = 7f3a9c1e5b2d8f4a6c0e9b7d3f1a5c8e', 'api-key'],
    ['My wifi password is Tr0ub4dor&3', 'password'],
    ['password: hunter22', 'password'],
    ['My bank PIN is 4821', 'pin'],
    ['card 4111 1111 1111 1111 exp 12/29', 'card-number'],
    ['Pay to DE89 3704 0044 0532 0130 00 please', 'iban'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', 'private-key'],
  ])('finds it in %j', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it.each([
    'Mia is 7 and loves swimming.',
    'I forgot my password again, the password is too long to remember.',
    'My phone number is 0113 496 0000.',
    'Order 4111 1111 1111 1112 was late.',
    'The user is allergic to peanuts.',
    'My bank PIN hint is "blue whale".',
    'GB00 is not an account number.',
  ])('leaves ordinary text alone: %j', (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it('checks card numbers with Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('the secret guard before anything is saved to memory (contract, real Chroma, test Ollama)', () => {
  let h: EngineHarness;
  let api: ContractClient;
  const events: ChatEvent[] = [];
  beforeAll(async () => {
    h = await startEngine();
    api = contract(h.engine);
    h.engine.on('chat', (e) => events.push(e));
  });
  afterAll(async () => h.dispose());
  beforeEach(() => {
    events.length = 0;
    for (const m of h.engine.internals.memory.list()) h.engine.internals.memory.delete(m.id);
    h.engine.internals.store.memories.purgeDeleted();
  });

  const memoryRows = () =>
    h.engine.internals.store.db
      .prepare(`SELECT (SELECT count(*) FROM memories) + (SELECT count(*) FROM memory_proposals)`)
      .pluck()
      .get();

  it.each(['ask', 'auto'] as const)(
    'refuses a model-initiated save of a secret with a visible note (save mode %s)',
    async (mode) => {
      await api.call('settings.update', { memorySaveMode: mode });
      h.ollama.onChat(
        toolScript({
          'card is': [
            { name: 'save_to_model_memory', arguments: { content: 'The user’s card number is 4111 1111 1111 1111.' } },
          ],
        }),
      );
      const turn = await h.engine.internals.chat.send({ content: 'My card is 4111 1111 1111 1111, keep it handy.' });
      await turn.done;
      expect(events.find((e) => e.type === 'memory-refused')).toMatchObject({
        messageId: turn.assistantMessageId,
        kinds: ['card-number'],
      });
      expect(events.find((e) => e.type === 'tool-call')).toMatchObject({
        ok: false,
        result: expect.stringContaining('never lets the model store secrets'),
      });
      expect(memoryRows()).toBe(0);
    },
  );

  it('asks a person to confirm (SECRET_DETECTED), and saves only when they do: add, edit, Remember, approve', async () => {
    expect(await api.fail('memory.add', { content: 'My wifi password is Tr0ub4dor&3' })).toMatchObject({
      code: 'SECRET_DETECTED',
      details: { kinds: ['password'] },
    });
    expect(memoryRows()).toBe(0);
    const added = await api.call('memory.add', { content: 'My wifi password is Tr0ub4dor&3', confirmSecret: true });
    expect(added.memory.content).toBe('My wifi password is Tr0ub4dor&3');

    const plain = await api.call('memory.add', { content: 'I bank with Northwind' });
    expect(
      await api.fail('memory.edit', {
        memoryId: plain.memory.id,
        content: 'I bank with Northwind, IBAN DE89 3704 0044 0532 0130 00',
      }),
    ).toMatchObject({ code: 'SECRET_DETECTED' });
    expect((await api.call('memory.history', { memoryId: plain.memory.id })).length).toBe(1);

    const c = h.engine.internals.store.conversations.create();
    const message = h.engine.internals.store.messages.appendTurn({
      conversationId: c.id,
      role: 'user',
      content: 'My bank PIN is 4821',
    });
    expect(await api.fail('memory.promote', { messageId: message.id })).toMatchObject({
      code: 'SECRET_DETECTED',
      details: { kinds: ['pin'] },
    });

    await api.call('settings.update', { memorySaveMode: 'ask' });
    const { proposal } = (await h.engine.internals.review.fromModel({
      content: 'Banks with Northwind',
      origin: 'tool',
      sourceMessageId: message.id,
    })) as { proposal: { id: string } };
    expect(await api.fail('memory.approve', { proposalId: proposal.id, content: 'PIN is 4821' })).toMatchObject({
      code: 'SECRET_DETECTED',
    });
    expect((await api.call('memory.proposals', {})).map((p) => p.id)).toContain(proposal.id);
  });

  it('holds secrets back from an import unless told to keep them', async () => {
    const json = JSON.stringify({
      memories: [{ content: 'Likes rowing' }, { content: 'api key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0' }],
    });
    expect(await api.call('memory.import', { json })).toMatchObject({ added: 1, secrets: 1 });
    expect((await api.call('memory.list', {})).map((m) => m.content)).toEqual(['Likes rowing']);
    expect(await api.call('memory.import', { json, allowSecrets: true })).toMatchObject({
      unchanged: 1,
      added: 1,
      secrets: 0,
    });
  });
});
