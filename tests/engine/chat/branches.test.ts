// Branches (issue 22): Regenerate and Edit keep the old version beside the new one, "Branch
// from here" continues in a new branch or a new conversation, and the model is shown only the
// active path (recent turns, retrieved excerpts, summaries), while every branch stays
// searchable. Real store, real Chroma, real HTTP to the test Ollama server.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineApi } from '../../../src/main/engine/api';
import type { Engine } from '../../../src/main/engine/engine';
import type { Message } from '../../../src/shared/domain';
import type { ChatRequestBody } from '../../../testkit/ollama-server';
import { startEngine, type EngineHarness } from '../../support/engine';

const isTitleRequest = (b: ChatRequestBody) => b.messages[0]?.content?.includes('short title') ?? false;
const lastChatBody = (h: EngineHarness) =>
  h.ollama.requests
    .filter((r) => r.path === '/api/chat')
    .map((r) => r.body as ChatRequestBody)
    .filter((b) => !isTitleRequest(b))
    .at(-1)!;
const promptText = (body: ChatRequestBody) => body.messages.map((m) => m.content ?? '').join('\n');
const contents = (messages: Message[]) => messages.map((m) => m.content);

async function call<T>(engine: Engine, method: string, input: unknown): Promise<T> {
  const result = await new EngineApi(engine).dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

describe('branches (real store, Chroma, test Ollama)', () => {
  let h: EngineHarness | undefined;
  let other: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    await other?.dispose();
    h = other = undefined;
  });

  async function talk(
    conversationId: string | null,
    content: string,
  ): Promise<{ conversationId: string; user: Message; reply: Message }> {
    const turn = await h!.engine.internals.chat.send({ conversationId, content });
    const done = await turn.done;
    return { conversationId: turn.conversationId, user: done.userMessage, reply: done.assistantMessage };
  }

  it('Regenerate and Edit keep every version, a switch shows any of them, and the prompt follows the one shown', async () => {
    h = await startEngine();
    const answers = [
      'Start with the vegetable beds.',
      'Tomatoes like sun.',
      'Maybe peppers instead.',
      'Lettuce is easy.',
    ];
    h.ollama.onChat((request) => ({ text: isTitleRequest(request) ? 'Garden' : answers.shift()! }));
    const { store } = h.engine.internals;
    const first = await talk(null, 'Let us plan the garden.');
    const c = first.conversationId;
    const second = await talk(c, 'What should I plant in the sunny corner?');

    const regenerated = await (await h.engine.internals.chat.regenerate(c)).done;
    expect(regenerated.assistantMessage.parentId).toBe(second.user.id);
    expect(contents(store.messages.list(c))).toEqual([
      'Let us plan the garden.',
      'Start with the vegetable beds.',
      'What should I plant in the sunny corner?',
      'Maybe peppers instead.',
    ]);
    // The old reply is not in the new prompt: it is another version, not something said.
    expect(promptText(lastChatBody(h))).not.toContain('Tomatoes like sun.');
    expect(await call(h.engine, 'conversations.branches', { conversationId: c })).toEqual([
      { messageId: regenerated.assistantMessage.id, siblingIds: [second.reply.id, regenerated.assistantMessage.id] },
    ]);

    const edited = await (
      await h.engine.internals.chat.editMessage({ conversationId: c, content: 'What grows in the shade?' })
    ).done;
    expect(edited.userMessage.parentId).toBe(first.reply.id);
    expect(contents(store.messages.list(c))).toEqual([
      'Let us plan the garden.',
      'Start with the vegetable beds.',
      'What grows in the shade?',
      'Lettuce is easy.',
    ]);
    expect(await call(h.engine, 'conversations.branches', { conversationId: c })).toEqual([
      { messageId: edited.userMessage.id, siblingIds: [second.user.id, edited.userMessage.id] },
    ]);

    // ‹ 1 / 2 › on the user's message: back to the first version, with the reply shown last there.
    const shown = await call<Message[]>(h.engine, 'conversations.showBranch', { messageId: second.user.id });
    expect(contents(shown)).toEqual([
      'Let us plan the garden.',
      'Start with the vegetable beds.',
      'What should I plant in the sunny corner?',
      'Maybe peppers instead.',
    ]);
    expect(contents(store.messages.list(c))).toEqual(contents(shown));
    // Nothing was lost on the way: 2 + 2 replies + 1 edit + its reply.
    expect(store.messages.countFor(c)).toBe(7);
  });

  it('"Branch from here" in the same conversation: the model no longer sees the other branch, History still finds it', async () => {
    h = await startEngine();
    h.ollama.onChat((request) => ({ text: isTitleRequest(request) ? 'Pets' : 'Noted.' }));
    const { store } = h.engine.internals;
    const first = await talk(null, 'I would like to talk about my pets.');
    const c = first.conversationId;
    const named = await talk(c, 'My cat is called Zanzibar.');
    await h.engine.internals.indexer.flush(); // Zanzibar is in FTS and Chroma: retrieval could find it

    const branched = await call<{ conversationId: string; messages: Message[] }>(h.engine, 'conversations.branchFrom', {
      messageId: first.reply.id,
      into: 'branch',
    });
    expect(branched.conversationId).toBe(c);
    expect(branched.messages.map((m) => m.id)).toEqual([first.user.id, first.reply.id]);

    const asked = await h.engine.internals.chat.send({
      conversationId: c,
      content: 'What is my cat called, the one named Zanzibar?',
    });
    const { context } = await asked.done;
    const used = new Set(context!.items.map((i) => i.source.messageId).filter(Boolean));
    expect(used.has(named.user.id)).toBe(false);
    expect(context!.items.some((i) => i.section === 'retrieved' && i.text.includes('called Zanzibar'))).toBe(false);
    expect(promptText(lastChatBody(h))).not.toContain('My cat is called Zanzibar.');
    // Still searchable, and the new message is a sibling of the one it replaced.
    expect(store.chunks.search('Zanzibar').map((hit) => hit.responseId)).toContain(named.user.id);
    expect(store.tree.branchPoints(c)).toEqual([
      { messageId: asked.userMessage.id, siblingIds: [named.user.id, asked.userMessage.id] },
    ]);

    // Back on the first branch, the turn is a recent turn again.
    store.tree.select(named.user.id);
    const again = await h.engine.internals.chat.send({ conversationId: c, content: 'Remind me of the cat?' });
    const back = await again.done;
    expect(back.context!.items.some((i) => i.section === 'recent' && i.source.messageId === named.user.id)).toBe(true);
    expect(back.userMessage.parentId).toBe(named.reply.id);
  });

  it('"Branch from here" into a new conversation copies the path up to the message and leaves the original as it was', async () => {
    h = await startEngine({ engine: { runIndexer: true, indexer: { pollMs: 20 } } });
    h.ollama.onChat((request) => ({ text: isTitleRequest(request) ? 'Trip' : 'Sounds good.' }));
    const first = await talk(null, 'Planning a trip to Lisbon in May.');
    const c = first.conversationId;
    await talk(c, 'Budget is 900 euros.');
    const before = contents(h.engine.internals.store.messages.list(c));

    const copy = await call<{ conversationId: string; messages: Message[] }>(h.engine, 'conversations.branchFrom', {
      messageId: first.reply.id,
      into: 'conversation',
    });
    expect(copy.conversationId).not.toBe(c);
    expect(contents(copy.messages)).toEqual(['Planning a trip to Lisbon in May.', 'Sounds good.']);
    expect(copy.messages.map((m) => m.createdAt)).toEqual([first.user.createdAt, first.reply.createdAt]);
    expect(h.engine.internals.store.conversations.get(copy.conversationId).title).toMatch(/\(branch\)$/);
    expect(contents(h.engine.internals.store.messages.list(c))).toEqual(before);
    // The copy is indexed like any conversation.
    await expect
      .poll(
        () =>
          h!.engine.internals.store.chunks.search('Lisbon').filter((hit) => hit.conversationId === copy.conversationId)
            .length,
      )
      .toBe(1);
  });

  it('summaries follow the active path: a summary of one branch is not the running summary of another', async () => {
    h = await startEngine();
    h.ollama.onChat(() => ({ text: 'ok' }));
    const { store } = h.engine.internals;
    const a = await talk(null, 'Turn one.');
    const c = a.conversationId;
    const b = await talk(c, 'Turn two on branch A.');
    const summaryA = store.summaries.create({
      conversationId: c,
      content: 'Summary of branch A.',
      firstSeq: 1,
      lastSeq: b.reply.seq,
      trigger: 'overflow',
    });
    expect(store.summaries.coveredMessageIds(summaryA.id)).toEqual([a.user.id, a.reply.id, b.user.id, b.reply.id]);

    store.tree.branchAt(a.reply.id);
    const onB = await talk(c, 'Turn two on branch B.');
    expect(store.summaries.current(c)).toEqual([]);
    expect(store.summaries.coveredThrough(c)).toBe(0);
    // A summary written on branch B covers its own turns only, though branch A's lie in its seq range.
    const summaryB = store.summaries.create({
      conversationId: c,
      content: 'Summary of branch B.',
      firstSeq: 1,
      lastSeq: onB.reply.seq,
      trigger: 'overflow',
    });
    expect(store.summaries.coveredMessageIds(summaryB.id)).toEqual([a.user.id, a.reply.id, onB.user.id, onB.reply.id]);
    expect(store.summaries.current(c).map((s) => s.id)).toEqual([summaryB.id]);

    store.tree.select(b.user.id);
    expect(store.summaries.current(c).map((s) => s.id)).toEqual([summaryA.id]);
    expect(store.summaries.coveredThrough(c)).toBe(b.reply.seq);
  });

  it('deleting a message in the middle of a branch keeps the rest of it, and export/import carries the whole tree', async () => {
    h = await startEngine();
    const replies = ['One.', 'Two.', 'Two again.', 'Three.'];
    h.ollama.onChat((request) => ({ text: isTitleRequest(request) ? 'Counting' : replies.shift()! }));
    const { store } = h.engine.internals;
    const first = await talk(null, 'Count with me.');
    const c = first.conversationId;
    const second = await talk(c, 'Next number?');
    await (
      await h.engine.internals.chat.regenerate(c)
    ).done;
    const third = await talk(c, 'And the next?');
    store.deleteMessage(second.user.id);
    expect(contents(store.messages.list(c))).toEqual([
      'Count with me.',
      'One.',
      'Two again.',
      'And the next?',
      'Three.',
    ]);
    expect(store.messages.get(third.user.id).parentId).not.toBeNull();

    const exported = await call<{ content: string }>(h.engine, 'data.exportAll', { plain: true });
    other = await startEngine();
    await call(other.engine, 'data.importAll', { json: exported.content });
    const tree = (engine: Engine) => ({
      all: engine.internals.store.messages.all(c).map((m) => [m.id, m.parentId, m.content]),
      shown: engine.internals.store.messages.list(c).map((m) => m.id),
      forks: engine.internals.store.tree.branchPoints(c),
    });
    expect(tree(other.engine)).toEqual(tree(h.engine));
    expect(tree(other.engine).forks).toHaveLength(1);
  });

  it('refuses to switch branches while a reply is being written, and a parent from another conversation', async () => {
    h = await startEngine();
    h.ollama.onChat(() => ({ text: 'ok' }));
    const a = await talk(null, 'First chat.');
    const b = await talk(null, 'Second chat.');
    expect(() =>
      h!.engine.internals.store.messages.appendTurn({
        conversationId: a.conversationId,
        role: 'user',
        content: 'x',
        parentId: b.user.id,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    h.ollama.onChat(() => ({ hang: true }));
    const turn = await h.engine.internals.chat.send({ conversationId: a.conversationId, content: 'Take your time.' });
    const refused = await new EngineApi(h.engine).dispatch('conversations.showBranch', { messageId: a.user.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    h.engine.internals.chat.stop(a.conversationId);
    expect((await turn.done).assistantMessage.status).toBe('stopped');
  });
});
