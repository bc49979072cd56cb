// Re-importing a memory file: what is already kept exactly so is left alone (no new dates,
// no history entries); only real changes merge. And Markdown exports carry local dates.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localStamp } from '../../../src/main/engine/services/exports';
import { contract, type ContractClient } from '../../support/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

describe('memory import and Markdown export (contract, real SQLite and Chroma, test Ollama)', () => {
  let h: EngineHarness;
  let api: ContractClient;
  beforeAll(async () => {
    h = await startEngine();
    api = contract(h.engine);
  });
  afterAll(async () => h.dispose());
  beforeEach(() => {
    for (const m of h.engine.internals.memory.list()) h.engine.internals.memory.delete(m.id);
    h.engine.internals.store.memories.purgeDeleted();
  });

  it('re-importing the file it exported reports nothing new and rewrites no date or history', async () => {
    await api.call('memory.add', { content: 'Prefers window seats on trains', category: 'travel', importance: 4 });
    await api.call('memory.add', {
      content: 'Is allergic to peanuts',
      category: 'health',
      importance: 5,
      pinned: true,
    });
    await api.call('memory.add', { content: 'Plays the cello on Sundays' });
    const exported = await api.call('memory.export', {});
    const before = await snapshot();

    expect(await api.call('memory.import', { json: exported.content })).toEqual({
      added: 0,
      merged: 0,
      unchanged: 3,
      skipped: 0,
      secrets: 0,
    });
    expect(await snapshot()).toEqual(before);
  });

  it('still merges what the file changes (a higher importance), and adds what is new', async () => {
    await api.call('memory.add', { content: 'Prefers window seats on trains', category: 'travel', importance: 2 });
    const json = JSON.stringify({
      memories: [
        { content: 'Prefers window seats on trains', category: 'travel', importance: 5 },
        { content: 'Has a cat called Miso' },
      ],
    });
    expect(await api.call('memory.import', { json })).toEqual({
      added: 1,
      merged: 1,
      unchanged: 0,
      skipped: 0,
      secrets: 0,
    });
    expect((await api.call('memory.list', {})).find((m) => m.content.startsWith('Prefers'))?.importance).toBe(5);
  });

  it('stamps a Markdown export with the local date and time, not UTC', async () => {
    const previous = process.env['TZ'];
    process.env['TZ'] = 'Asia/Kolkata'; // UTC+05:30, no daylight saving
    try {
      expect(localStamp(Date.UTC(2026, 11, 6, 20, 40))).toBe('2026-12-07 02:10');
      const conversation = h.engine.internals.store.conversations.create();
      const message = h.engine.internals.store.messages.appendTurn({
        conversationId: conversation.id,
        role: 'user',
        content: 'Hello there',
      });
      const { content } = await api.call('conversations.export', {
        conversationId: conversation.id,
        format: 'markdown',
      });
      expect(content).toContain(`## You · ${localStamp(message.createdAt)}`);
      expect(content).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
    } finally {
      if (previous === undefined) delete process.env['TZ'];
      else process.env['TZ'] = previous;
    }
  });

  async function snapshot() {
    const memories = await api.call('memory.list', {});
    return Promise.all(
      memories.map(async (m) => ({ ...m, history: await api.call('memory.history', { memoryId: m.id }) })),
    );
  }
});
