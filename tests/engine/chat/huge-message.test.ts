// A message at the size limit (a million characters) is cut into chunks without holding the
// event loop: another call that arrives while it is being stored is answered first, and the
// loop keeps turning meanwhile. Real engine, real SQLite, Chroma and the test Ollama server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import { MAX_MESSAGE_CHARS } from '../../../src/main/engine/chat/message-input';
import { chunkText } from '../../../src/main/engine/chunking';
import type { MethodOutputs } from '../../../src/shared/contract';
import { startEngine, type EngineHarness } from '../../support/engine';
import { expectOk } from '../../support/faults';

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf.', 'hotel\n'];
const HUGE = Array.from({ length: MAX_MESSAGE_CHARS / 4 }, (_, i) => WORDS[(i * 7) % WORDS.length])
  .join(' ')
  .slice(0, MAX_MESSAGE_CHARS);

describe('a million-character message (real engine)', () => {
  let h: EngineHarness;
  let api: EngineApi;
  beforeAll(async () => {
    h = await startEngine();
    api = new EngineApi(h.engine);
  });
  afterAll(async () => {
    await h?.dispose();
  });

  it('is stored while other calls are answered: a call made after it answers before it, the loop keeps turning', async () => {
    const order: string[] = [];
    let turns = 0;
    let sending = true;
    const tick = () => {
      if (!sending) return;
      turns += 1;
      setImmediate(tick);
    };
    const send = api.dispatch('chat.send', { conversationId: null, content: HUGE }).then((result) => {
      sending = false;
      order.push('chat.send');
      return result;
    });
    // Another client's call, arriving once the send has begun (as a socket frame would, on a later turn).
    setImmediate(tick);
    const status = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => api.dispatch('conversations.list', {}))
      .then((result) => {
        order.push('conversations.list');
        return result;
      });
    const [sent, listed] = await Promise.all([send, status]);
    expectOk(listed);
    expect(order).toEqual(['conversations.list', 'chat.send']);
    // Dozens of turns of the loop while the message was cut (one, at most, if it were cut in one go).
    expect(turns).toBeGreaterThan(10);

    const started = expectOk(sent) as MethodOutputs['chat.send'];
    expectOk(await api.dispatch('chat.stop', { conversationId: started.conversationId }));
    await expect.poll(() => h.engine.internals.chat.isBusy(started.conversationId), { timeout: 60_000 }).toBe(false);
    // Cut in slices, stored exactly as the one-go chunker cuts it.
    const stored = h.engine.internals.store.chunks.forResponse(started.userMessage.id);
    const expected = chunkText(HUGE, { chunkTokens: h.engine.internals.settings.get().chunkTokens });
    expect(stored.map((c) => c.text)).toEqual(expected.map((c) => c.text));
    expect(stored.map((c) => c.tokenCount)).toEqual(expected.map((c) => c.tokenCount));
    expect(h.engine.internals.store.chunks.reassemble(started.conversationId, started.userMessage.id)).toBe(HUGE);
  });
});
