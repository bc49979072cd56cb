import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restatesWithNewValue, statesOldValue } from '../../../src/main/engine/memory';
import { contract, type ContractClient } from '../../support/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

const day = (iso: string) => Date.parse(`${iso}T10:00:00Z`);

describe('when a statement replaces an older one', () => {
  it.each([
    ['Mia is 7', 'Mia is 8', true],
    ['My favourite colour is blue', 'My favourite colour is green', true],
    ['Works at Acme as a designer', 'Works at Globex as a designer', true],
    ['Mia likes swimming', 'Leo likes swimming', false],
    ['Mia is 7', 'Mia is 7', false],
    ['Allergic to peanuts', 'Lives in a flat in Glasgow', false],
  ])('%j → %j: %s', (a, b, expected) => {
    expect(restatesWithNewValue(a, b)).toBe(expected);
  });

  it('tells an excerpt stating the old value from one stating the new or another thing', () => {
    expect(statesOldValue('My daughter Mia is 7 and loves swimming.', 'Mia is 7', 'Mia is 8')).toBe(true);
    expect(statesOldValue('Mia was 7 last year, she is 8 now.', 'Mia is 7', 'Mia is 8')).toBe(false);
    expect(statesOldValue('Leo is 7.', 'Mia is 7', 'Mia is 8')).toBe(false);
  });
});

describe('superseded facts (contract, real Chroma, test Ollama)', () => {
  let h: EngineHarness;
  let api: ContractClient;
  let clock = day('2025-03-02');
  beforeAll(async () => {
    h = await startEngine({ engine: { now: () => clock } });
    api = contract(h.engine);
  });
  afterAll(async () => h.dispose());

  it('an edited memory keeps its old value in its versions, with when each held', async () => {
    clock = day('2025-01-01');
    const { memory } = await api.call('memory.add', { content: 'Mia is 7', category: 'family' });
    clock = day('2025-06-01');
    await api.call('memory.edit', { memoryId: memory.id, content: 'Mia is 8' });
    expect(await api.call('memory.versions', { memoryId: memory.id })).toEqual([
      { content: 'Mia is 7', validFrom: day('2025-01-01'), validTo: day('2025-06-01') },
      { content: 'Mia is 8', validFrom: day('2025-06-01'), validTo: null },
    ]);
  });

  it('a new memory restating another with a new value replaces it, keeping the old value; another subject does not', async () => {
    clock = day('2025-02-01');
    const first = await api.call('memory.add', { content: 'Leo is 4', category: 'family' });
    clock = day('2025-07-01');
    const second = await api.call('memory.add', { content: 'Leo is 5', category: 'family' });
    expect(second).toMatchObject({
      outcome: 'merged',
      memory: { id: first.memory.id, content: 'Leo is 5' },
      previous: { content: 'Leo is 4' },
    });
    expect(
      (await api.call('memory.versions', { memoryId: first.memory.id })).map((v) => [v.content, v.validTo]),
    ).toEqual([
      ['Leo is 4', day('2025-07-01')],
      ['Leo is 5', null],
    ]);
    expect((await api.call('memory.add', { content: 'Ana likes swimming' })).outcome).toBe('created');
    expect((await api.call('memory.add', { content: 'Leo likes swimming' })).outcome).toBe('created');
  });

  it('only the current value is injected; an excerpt stating the old one is labelled with its date and placed after the rest, and the inspector says so', async () => {
    const { store } = h.engine.internals;
    clock = day('2025-03-02');
    const old = store.conversations.create({ title: 'Swimming' });
    store.messages.appendTurn({
      conversationId: old.id,
      role: 'user',
      content: 'My daughter Mia is 7 and loves swimming lessons.',
    });
    clock = day('2025-04-10');
    const later = store.conversations.create({ title: 'Piano' });
    store.messages.appendTurn({
      conversationId: later.id,
      role: 'user',
      content: 'Mia loves her new piano lessons too.',
    });
    await h.engine.internals.indexer.flush();
    clock = day('2025-08-01');

    const context = await h.engine.internals.chat.dryRun({
      conversationId: null,
      content: 'How old is Mia, and what lessons does Mia take?',
    });
    const memories = context.items
      .filter((i) => i.section === 'memory' || i.section === 'core_memory')
      .map((i) => i.text);
    expect(memories).toContain('Mia is 8');
    expect(memories).not.toContain('Mia is 7');
    const excerpts = context.items.filter((i) => i.section === 'retrieved');
    expect(excerpts.map((i) => i.text)).toEqual([
      'Mia loves her new piano lessons too.',
      'My daughter Mia is 7 and loves swimming lessons.',
    ]);
    expect(excerpts[1]).toMatchObject({
      supersededBy: { current: 'Mia is 8' },
      reason: expect.objectContaining({ superseded: true }),
    });
    expect(excerpts[0]!.supersededBy).toBeUndefined();
    const prompt = context.messages[0]!.content;
    expect(prompt).toContain('[said on 2025-03-02, user; out of date, now: Mia is 8] My daughter Mia is 7');
    expect(prompt.indexOf('- Mia is 8')).toBeLessThan(prompt.indexOf('said on 2025-03-02'));
    expect(prompt.indexOf('piano')).toBeLessThan(prompt.indexOf('said on 2025-03-02'));
    expect(context.budget.used).toBeLessThanOrEqual(context.budget.available);

    const view = await api.call('chat.dryRun', {
      conversationId: null,
      content: 'How old is Mia, and what lessons does Mia take?',
    });
    expect(view.items.find((i) => i.supersededBy)).toMatchObject({
      text: 'My daughter Mia is 7 and loves swimming lessons.',
      supersededBy: { current: 'Mia is 8' },
    });
  });
});
