// The inspector's "latest" context follows the branch shown: after a switch to another version,
// chat.lastContext answers with what that version's reply was given, not with the last turn
// written. Through the contract; real store, Chroma and HTTP to the test Ollama server.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { MethodOutputs } from '../../../src/shared/contract';
import { startEngine, type EngineHarness } from '../../support/engine';
import { expectOk } from '../../support/faults';

type Context = MethodOutputs['chat.lastContext'];
const askedIn = (context: Context) => context?.items.find((item) => item.section === 'user')?.text;

describe('the last context follows the branch shown', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('answers with the shown reply’s context after a switch, and the new one after switching back', async () => {
    h = await startEngine();
    h.ollama.onChat(() => ({ text: 'Noted.' }));
    const api = new EngineApi(h.engine);
    const first = await h.engine.internals.chat.send({ conversationId: null, content: 'Which bulbs are easy?' });
    await first.done;
    const c = first.conversationId;
    await (
      await h.engine.internals.chat.send({ conversationId: c, content: 'When do I plant tulips?' })
    ).done;
    const edited = await h.engine.internals.chat.editMessage({
      conversationId: c,
      content: 'When do I plant crocuses?',
    });
    await edited.done;
    const last = async () => expectOk(await api.dispatch('chat.lastContext', { conversationId: c })) as Context;
    expect(askedIn(await last())).toBe('When do I plant crocuses?');

    const older = h.engine.internals.store.tree.branchPoints(c)[0]!.siblingIds[0]!;
    expectOk(await api.dispatch('conversations.showBranch', { messageId: older }));
    expect(askedIn(await last())).toBe('When do I plant tulips?');

    expectOk(await api.dispatch('conversations.showBranch', { messageId: edited.userMessage.id }));
    expect(askedIn(await last())).toBe('When do I plant crocuses?');
  });
});
