import { afterEach, describe, expect, it } from 'vitest';
import { summaryBudget } from '../../../src/main/engine/summaries';
import { DEFAULT_MODELS, TestOllamaServer, type ChatRequestBody } from '../../../testkit/ollama-server';
import { startEngine, type EngineHarness } from '../../support/engine';

/** The chat model reports a 2,048-token window; the user set none. */
const SMALL_WINDOW = 2048;
const RESERVED = 512;

const isSummaryRequest = (b: ChatRequestBody) => b.messages[0]?.content?.includes('running summary') ?? false;
/** The summary length each summarisation call asked the model for ("at most N words"). */
function askedWords(h: EngineHarness): number[] {
  return h.ollama.requests
    .filter((r) => r.path === '/api/chat')
    .map((r) => r.body as ChatRequestBody)
    .filter(isSummaryRequest)
    .map((b) => Number(/at most (\d+) words/.exec(b.messages[0]!.content ?? '')?.[1]));
}

/** About 35 tokens: four turns with it are enough to summarise (600 tokens) and still fit their share of the window. */
const REPLY =
  'Noted. Ferries, trains and the mountain hut each suit a summer trip in their own way; compare the prices first and book the hut early, it fills up.';
const turn = (i: number) =>
  `Trip note ${i}: ` + 'we compared ferries, trains and the mountain hut bookings for the summer. '.repeat(8);

describe('summary budget: one policy from the model real window', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('overflow, idle and at-quit summaries ask for the same length, planned in the window the model reports', async () => {
    const models = DEFAULT_MODELS.map((m) => (m.name === 'llama3.2:3b' ? { ...m, contextLength: SMALL_WINDOW } : m));
    h = await startEngine({ ollama: new TestOllamaServer({ models }), engine: { runBackgroundSummaries: false } });
    h.engine.services.settings.apply({ contextLength: null, reservedOutputTokens: RESERVED, idleSummaryMs: 10_000 });
    // Short replies: the conversations grow by the user's turns, so the idle one has enough to summarise
    // (600 tokens) and still fits its share of the window.
    h.ollama.onChat((request) => (isSummaryRequest(request) ? undefined : { text: REPLY }));
    const expectedWords = Math.max(
      30,
      Math.floor(summaryBudget({ contextLength: SMALL_WINDOW, reservedOutput: RESERVED }).maxSummaryTokens * 0.7),
    );

    // Overflow: a conversation that outgrows its share of the small window.
    let overflowed: string | null = null;
    for (let i = 0; i < 40 && askedWords(h).length === 0; i++) {
      const started = await h.engine.internals.chat.send({ conversationId: overflowed, content: turn(i) });
      overflowed = started.conversationId;
      await started.done;
    }
    const overflow = askedWords(h);
    expect(overflow.length).toBeGreaterThan(0);

    // Idle: another conversation, left alone for an hour.
    let idle: string | null = null;
    for (let i = 0; i < 4; i++) {
      const started = await h.engine.internals.chat.send({ conversationId: idle, content: turn(100 + i) });
      idle = started.conversationId;
      await started.done;
    }
    h.ollama.requests.length = 0;
    h.engine.internals.store.db.prepare('UPDATE conversations SET updated_at = updated_at - 3600000').run();
    await h.engine.internals.idleSummaries.runOnce();
    expect(h.engine.internals.store.summaries.all(idle!).map((s) => s.trigger)).toContain('idle');
    const idleWords = askedWords(h);

    // At quit: the same conversation, continued in this session.
    for (let i = 0; i < 4; i++)
      await (
        await h.engine.internals.chat.send({ conversationId: idle, content: turn(200 + i) })
      ).done;
    h.ollama.requests.length = 0;
    await h.engine.close({ summarizeFor: 10_000 });
    const quitWords = askedWords(h);

    expect(new Set([...overflow, ...idleWords, ...quitWords])).toEqual(new Set([expectedWords]));
    expect(idleWords.length).toBeGreaterThan(0);
    expect(quitWords.length).toBeGreaterThan(0);
  });
});
