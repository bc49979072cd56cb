// Keyword search in every language, through the contract as the renderer calls it: History
// search (search.messages), memory search and the keyword half of retrieval find words of
// Chinese, Japanese and Thai (written without spaces) and Latin words typed without their
// special letters (heisst for heißt), and show snippets of the text as it was written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { MethodOutputs } from '../../../src/shared/contract';
import type { ChatRequestBody } from '../../../testkit/ollama-server';
import { startEngine, type EngineHarness } from '../../support/engine';
import { waitUntil } from '../../support/waits';

const TEXTS = {
  chinese: '我的女儿叫米娅，她今年七岁。',
  japanese: '私の娘はミアで、七歳です。',
  thai: 'แมวของฉันชื่อส้ม มันชอบนอนบนหลังคา',
  german: 'Mein Nachbar heißt Jürgen und wohnt in der Schloßstraße.',
  nordic: 'The ferry to Tromsø leaves at seven.',
  english: 'Our sailboat is moored at Pier Nine.',
};

describe('keyword search in every language (real engine, through the contract)', () => {
  let h: EngineHarness;
  let api: EngineApi;
  const messageIdOf = new Map<string, string>();

  async function call<M extends keyof MethodOutputs>(method: M, input: unknown): Promise<MethodOutputs[M]> {
    const result = await api.dispatch(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as MethodOutputs[M];
  }

  const searchMessages = async (query: string) => call('search.messages', { query });
  const foundIn = async (query: string) => (await searchMessages(query)).map((hit) => hit.responseId);

  beforeAll(async () => {
    h = await startEngine();
    api = new EngineApi(h.engine);
    h.ollama.onChat(() => ({ text: 'OK.' }));
    for (const [name, text] of Object.entries(TEXTS)) {
      const started = await call('chat.send', { content: text });
      await waitUntil(() => !h.engine.internals.chat.isBusy(started.conversationId), 'the reply is stored');
      messageIdOf.set(name, started.userMessage.id);
    }
  });

  afterAll(async () => {
    await h?.dispose();
  });

  it('History search finds Chinese and Japanese words inside sentences written without spaces', async () => {
    for (const word of ['米娅', '女儿', '七岁'])
      expect(await foundIn(word), word).toEqual([messageIdOf.get('chinese')]);
    for (const word of ['ミア', '七歳', '娘']) expect(await foundIn(word), word).toEqual([messageIdOf.get('japanese')]);
  });

  it('History search finds Thai words', async () => {
    for (const word of ['ส้ม', 'แมว', 'หลังคา']) expect(await foundIn(word), word).toEqual([messageIdOf.get('thai')]);
  });

  it('History search folds letters both ways: heisst finds heißt, strasse Straße, tromso Tromsø', async () => {
    for (const word of ['heisst', 'heißt', 'HEISST', 'Schlossstrasse', 'jurgen'])
      expect(await foundIn(word), word).toEqual([messageIdOf.get('german')]);
    for (const word of ['tromso', 'TROMSØ']) expect(await foundIn(word), word).toEqual([messageIdOf.get('nordic')]);
  });

  it('snippets show the text as written, with the match marked', async () => {
    const [chinese] = await searchMessages('米娅');
    expect(chinese!.snippet).toBe('我的女儿叫«米娅»，她今年七岁。');
    const [german] = await searchMessages('heisst');
    expect(german!.snippet).toBe('Mein Nachbar «heißt» Jürgen und wohnt in der Schloßstraße.');
    const [english] = await searchMessages('sailboat');
    expect(english!.snippet).toBe('Our «sailboat» is moored at Pier Nine.');
  });

  it("tells the model, by default, to answer in the user's language", async () => {
    const chats = h.ollama.requests.filter((r) => r.path === '/api/chat').map((r) => r.body as ChatRequestBody);
    const turn = chats.find((b) => b.messages.at(-1)?.content === TEXTS.chinese)!;
    expect(turn.messages[0]).toMatchObject({ role: 'system' });
    expect(turn.messages[0]!.content).toContain(
      'Answer in the language the user writes in, unless they ask for another.',
    );
  });

  it('memory search finds CJK, Thai and folded Latin words', async () => {
    const added = await Promise.all(
      ['我女儿米娅对花生过敏', '娘のミアは猫が好き', 'ส้มเป็นแมวสีส้ม', 'Die Katze heißt Mäxchen'].map((content) =>
        call('memory.add', { content }),
      ),
    );
    const ids = added.map((a) => a.memory.id);
    const memoryFound = async (query: string) => (await call('memory.search', { query })).map((hit) => hit.memory.id);
    expect(await memoryFound('花生')).toContain(ids[0]);
    expect(await memoryFound('ミア')).toContain(ids[1]);
    expect(await memoryFound('แมว')).toContain(ids[2]);
    expect(await memoryFound('heisst maxchen')).toContain(ids[3]);
    expect(await memoryFound('花生')).not.toContain(ids[1]);
  });

  it('retrieval finds the Chinese turn from keywords alone (no query vector)', async () => {
    // Ollama's embedder fails for this turn: the keyword list is all retrieval has.
    h.ollama.scriptEmbedFailure({ status: 500 });
    const context = await call('chat.dryRun', { conversationId: null, content: '米娅今年几岁？' });
    expect(context.retrievalMode).toBe('keyword');
    const retrieved = context.items.filter((i) => i.section === 'retrieved');
    expect(retrieved.map((i) => i.source.messageId)).toContain(messageIdOf.get('chinese'));
    h.ollama.scriptEmbedFailure({ status: 500 });
    const thai = await call('chat.dryRun', { conversationId: null, content: 'แมวชื่ออะไร' });
    expect(thai.items.filter((i) => i.section === 'retrieved').map((i) => i.source.messageId)).toContain(
      messageIdOf.get('thai'),
    );
  });
});
