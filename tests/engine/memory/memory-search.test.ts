import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type ContractClient } from '../../support/contract';
import { startEngine, type EngineHarness } from '../../support/engine';

const MEMORIES = [
  'Allergic to peanuts and shellfish',
  'Favourite band is Radiohead',
  'Lives in a flat in Glasgow',
  'Mia is 8',
  'Works as a nurse in Leeds',
  'Loves hiking in the hills',
  'Prefers tea to coffee',
  'Has a severe nut allergy',
];

describe('memory search shows only the memories that match (contract, real Chroma, test Ollama)', () => {
  let h: EngineHarness;
  let api: ContractClient;
  beforeAll(async () => {
    h = await startEngine();
    api = contract(h.engine);
    for (const content of MEMORIES) await api.call('memory.add', { content });
    await h.engine.internals.indexer.flush();
  });
  afterAll(async () => h.dispose());

  const search = async (query: string) =>
    (await api.call('memory.search', { query, limit: 50 })).map((r) => r.memory.content);

  it('"nuts" finds the nut allergies, not every memory re-sorted', async () => {
    expect((await api.call('memory.list', {})).length).toBe(MEMORIES.length);
    const nuts = await search('nuts');
    expect(nuts.sort()).toEqual(['Allergic to peanuts and shellfish', 'Has a severe nut allergy']);
  });

  it('a word only one memory has, or meaning alone, narrows to it; nothing related finds nothing', async () => {
    expect(await search('Radiohead')).toEqual(['Favourite band is Radiohead']);
    expect(await search('tea')).toEqual(['Prefers tea to coffee']);
    expect(await search('zebra')).toEqual([]);
  });

  it('still narrows by keyword while Ollama is down', async () => {
    const port = Number(new URL(h.ollama.url).port);
    await h.ollama.stop();
    try {
      expect(await search('Glasgow')).toEqual(['Lives in a flat in Glasgow']);
    } finally {
      await h.ollama.start({ port });
    }
  });
});
