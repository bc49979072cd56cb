import { afterEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../../src/main/engine/chat';
import { chatEvent } from '../../../src/shared/contract';
import { countTokens } from '../../../src/main/engine/chunking';
import { MESSAGE_OVERHEAD } from '../../../src/main/engine/context';
import type { ChatRequestBody } from '../../../testkit/ollama-server';
import { EngineApi } from '../../../src/main/engine/api';
import { startEngine, type EngineHarness } from '../../support/engine';

/** Tokens of a chat request as the engine counts them: messages plus tool schemas. */
function requestTokens(body: ChatRequestBody): number {
  const messages = body.messages.reduce((sum, m) => sum + countTokens(m.content ?? '') + MESSAGE_OVERHEAD, 0);
  return messages + (body.tools ? countTokens(JSON.stringify(body.tools)) : 0);
}

const isTitleRequest = (b: ChatRequestBody) => b.messages[0]?.content?.includes('short title') ?? false;
/** Chat requests of turns (title requests, which run in the background, left out). */
const chatBodies = (h: EngineHarness) =>
  h.ollama.requests
    .filter((r) => r.path === '/api/chat')
    .map((r) => r.body as ChatRequestBody)
    .filter((b) => !isTitleRequest(b));

describe('chat turns (real store, Chroma, test Ollama)', () => {
  let h: EngineHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('streams a reply token by token, stores both messages, and titles the conversation', async () => {
    h = await startEngine();
    const events: ChatEvent[] = [];
    h.engine.on('chat', (e) => events.push(e));
    h.ollama.onChat((request) => ({
      text: isTitleRequest(request) ? 'Greeting a new friend' : 'Hello there, nice to meet you.',
    }));
    const turn = await h.engine.internals.chat.send({ content: 'Hi! I am new here.' });
    expect(h.engine.internals.store.messages.get(turn.userMessage.id).content).toBe('Hi! I am new here.');
    const result = await turn.done;

    expect(result.assistantMessage).toMatchObject({
      status: 'complete',
      content: 'Hello there, nice to meet you.',
      role: 'assistant',
    });
    const tokens = events.filter((e) => e.type === 'token');
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.map((e) => (e.type === 'token' ? e.text : '')).join('')).toBe('Hello there, nice to meet you.');
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['turn-started', 'context', 'turn-finished']));
    // Every event is the contract's, and the context event is the inspector's view, not the prompt.
    for (const e of events) expect(chatEvent.safeParse(e).error).toBeUndefined();
    const context = events.find((e) => e.type === 'context');
    expect(context?.type === 'context' && Object.keys(context.context).sort()).toEqual([
      'budget',
      'conversationId',
      'items',
      'retrievalMode',
      'timings',
    ]);
    expect(JSON.stringify(context)).not.toContain('"messages"');
    await expect
      .poll(() => h!.engine.internals.store.conversations.get(turn.conversationId).title)
      .toBe('Greeting a new friend');
    expect(h.engine.internals.store.metrics.recent(1)[0]).toMatchObject({
      conversationId: turn.conversationId,
      outcome: 'complete',
    });
  });

  it('a title the user typed while the model’s title was being written stays: the model’s replaces only the first words', async () => {
    h = await startEngine();
    const api = new EngineApi(h.engine);
    let answerTitle!: () => void;
    const renamed = new Promise<void>((resolve) => (answerTitle = resolve));
    h.ollama.onChat(async (request) => {
      if (!isTitleRequest(request)) return { text: 'Monday: groceries. Tuesday: the dentist.' };
      await renamed;
      return { text: 'Weekly planning help' };
    });
    const first = await h.engine.internals.chat.send({ content: 'Plan my week, please.' });
    await first.done;
    await expect
      .poll(() => h!.ollama.requests.some((r) => r.path === '/api/chat' && isTitleRequest(r.body as ChatRequestBody)))
      .toBe(true);
    const rename = await api.dispatch('conversations.rename', {
      conversationId: first.conversationId,
      title: 'My week',
    });
    expect(rename.ok).toBe(true);
    answerTitle();
    // A whole second turn after the model's title was answered: its answer has long been read by then.
    await (
      await h.engine.internals.chat.send({ conversationId: first.conversationId, content: 'And Wednesday?' })
    ).done;
    expect(h.engine.internals.store.conversations.get(first.conversationId).title).toBe('My week');
  });

  it('a 300-turn conversation in a 4k window never goes over budget, summarises only when needed, and recalls turn 3', async () => {
    h = await startEngine({ engine: { runIndexer: true, indexer: { pollMs: 20 } } });
    h.engine.services.settings.apply({ contextLength: 4096, reservedOutputTokens: 512 });
    const filler = (i: number) =>
      `Reply ${i}: ` +
      'That sounds like a good plan for the week, and I would add a short walk after lunch. '.repeat(3);
    h.ollama.onChat((request) =>
      request.messages[0]?.content?.includes('running summary') ? undefined : { text: filler(request.messages.length) },
    );
    const overflowAt: number[] = [];
    const summaryAt: number[] = [];
    let turnIndex = 0;
    h.engine.on('chat', (e) => {
      if (e.type === 'context' && e.summarized) overflowAt.push(turnIndex);
      if (e.type === 'context' && !e.summarized)
        expect(h!.engine.internals.chat.lastContext(e.conversationId)!.history.overflowing).toBe(false);
      if (e.type === 'summary-written') summaryAt.push(turnIndex);
    });

    let conversationId: string | null = null;
    let fact = '';
    for (turnIndex = 1; turnIndex <= 150; turnIndex++) {
      const content =
        turnIndex === 2
          ? 'By the way, my locker combination at the gym is 4-8-15-16.'
          : `Small talk number ${turnIndex} about the weather and my week.`;
      const turn = await h.engine.internals.chat.send({ conversationId, content });
      conversationId = turn.conversationId;
      if (turnIndex === 2) fact = turn.userMessage.id;
      expect((await turn.done).assistantMessage.status).toBe('complete');
      if (turnIndex === 10) expect(h.engine.internals.store.summaries.all(conversationId)).toEqual([]);
    }
    expect(h.engine.internals.store.messages.countFor(conversationId!)).toBe(300);
    expect(h.engine.internals.store.messages.get(fact).seq).toBe(3);

    const budget = 4096 - 512;
    for (const body of chatBodies(h)) expect(requestTokens(body)).toBeLessThanOrEqual(budget);
    expect(summaryAt.length).toBeGreaterThan(0);
    expect(summaryAt.length).toBeLessThan(60);
    for (const at of summaryAt) expect(overflowAt).toContain(at);
    expect(Math.min(...summaryAt)).toBeGreaterThan(10);

    await h.engine.internals.indexer.flush();
    const recall = await h.engine.internals.chat.send({
      conversationId,
      content: 'What is my locker combination at the gym?',
    });
    const { context } = await recall.done;
    const sources = context!.items.filter(
      (i) => i.source.messageId === fact || i.source.coveredMessageIds?.includes(fact),
    );
    expect(sources.some((i) => i.section === 'retrieved')).toBe(true);
    const lastPrompt = chatBodies(h).at(-1)!;
    expect(lastPrompt.messages[0]!.content).toContain('4-8-15-16');
    expect(requestTokens(lastPrompt)).toBeLessThanOrEqual(budget);
  });

  it('a fact from conversation A reaches the prompt in B by default, and not once B turns cross-conversation off', async () => {
    h = await startEngine();
    const a = await h.engine.internals.chat.send({
      content: 'My daughter Ines plays the bassoon in the school orchestra.',
    });
    await a.done;
    await h.engine.internals.indexer.flush();

    const b = await h.engine.internals.chat.send({ content: 'What instrument does Ines play?' });
    const withCross = (await b.done).context!;
    expect(withCross.items.some((i) => i.section === 'retrieved' && i.source.messageId === a.userMessage.id)).toBe(
      true,
    );

    h.engine.internals.store.conversations.updateSettings(b.conversationId, { crossConversation: false });
    const again = await h.engine.internals.chat.send({
      conversationId: b.conversationId,
      content: 'Remind me, what does Ines play?',
    });
    const without = (await again.done).context!;
    expect(without.items.some((i) => i.source.conversationId === a.conversationId)).toBe(false);
    expect(chatBodies(h).at(-1)!.messages[0]!.content).not.toContain('bassoon');
  });

  it('a scripted tool call saves a memory (with "save at once" chosen), announces it, and the memory is in the next turn’s context', async () => {
    h = await startEngine();
    h.engine.services.settings.apply({ memorySaveMode: 'auto' });
    const events: ChatEvent[] = [];
    h.engine.on('chat', (e) => events.push(e));
    h.ollama.scriptChat(
      {
        toolCalls: [
          {
            name: 'save_to_model_memory',
            arguments: { content: 'The user is vegetarian.', category: 'diet', importance: 4 },
          },
        ],
      },
      { text: 'Noted, no meat in your recipes.' },
    );
    const first = await h.engine.internals.chat.send({ content: 'I am vegetarian, keep that in mind.' });
    expect((await first.done).assistantMessage.content).toBe('Noted, no meat in your recipes.');
    const saved = events.find((e) => e.type === 'memory-saved');
    expect(saved).toMatchObject({
      outcome: 'created',
      memory: {
        content: 'The user is vegetarian.',
        category: 'diet',
        source: 'model',
        sourceMessageId: first.userMessage.id,
      },
    });
    // The tool result went back to the model in the second round.
    const second = chatBodies(h).find((b) => b.messages.some((m) => m.role === 'tool'));
    expect(second?.messages.at(-1)).toMatchObject({ role: 'tool', content: expect.stringContaining('Saved') });

    await h.engine.internals.indexer.flush();
    const next = await h.engine.internals.chat.send({ content: 'Suggest a dinner recipe for me, given my diet.' });
    const context = (await next.done).context!;
    expect(context.items.find((i) => i.section === 'memory')).toMatchObject({ text: 'The user is vegetarian.' });
  });

  it('runs a model that calls tools forever to a bounded end, and answers malformed or unknown calls with errors', async () => {
    h = await startEngine();
    h.ollama.onChat((request) =>
      isTitleRequest(request)
        ? { text: 'title' }
        : request.tools
          ? {
              toolCalls: [
                { name: 'no_such_tool', arguments: {} },
                { name: 'save_to_model_memory', arguments: { importance: 'very' } },
              ],
            }
          : { text: 'Final answer without tools.' },
    );
    const turn = await h.engine.internals.chat.send({ content: 'Do your thing.' });
    const result = await turn.done;
    expect(result.assistantMessage).toMatchObject({ status: 'complete', content: 'Final answer without tools.' });
    const bodies = chatBodies(h).filter(
      (b) => b.messages.at(-1)?.role === 'tool' || b.messages.at(-1)?.content === 'Do your thing.',
    );
    expect(bodies.length).toBe(5);
    const toolResults = bodies
      .at(-1)!
      .messages.filter((m) => m.role === 'tool')
      .map((m) => m.content ?? '');
    expect(toolResults.some((t) => t.includes('there is no tool named "no_such_tool"'))).toBe(true);
    expect(toolResults.some((t) => t.includes('invalid arguments for save_to_model_memory'))).toBe(true);
    expect(h.engine.internals.memory.list()).toEqual([]);
  });

  it('quitting while a reply streams keeps its partial text as stopped, and closes cleanly', async () => {
    h = await startEngine();
    h.ollama.scriptChat({ text: 'one two three four five six seven eight nine ten', tokenDelayMs: 80 });
    const turn = await h.engine.internals.chat.send({ content: 'Count slowly.' });
    await new Promise<void>((resolve) => h!.engine.on('chat', (e) => e.type === 'token' && resolve()));
    await h.engine.close();
    // The reply settled before the database closed: it resolved rather than failing on a closed file.
    const result = await turn.done;
    expect(result.assistantMessage.status).toBe('stopped');
    const reopened = await h.reopen();
    const stored = reopened.internals.store.messages.find(result.assistantMessage.id)!;
    expect(stored.status).toBe('stopped');
    expect(stored.content).toBe(result.assistantMessage.content);
    expect(stored.content.length).toBeGreaterThan(0);
  });

  it('stop mid-stream keeps the partial reply as stopped', async () => {
    h = await startEngine();
    h.ollama.scriptChat({ text: 'one two three four five six seven eight nine ten', tokenDelayMs: 80 });
    const turn = await h.engine.internals.chat.send({ content: 'Count slowly.' });
    await new Promise<void>((resolve) => h!.engine.on('chat', (e) => e.type === 'token' && resolve()));
    expect(h.engine.internals.chat.stop(turn.conversationId)).toBe(true);
    const result = await turn.done;
    expect(result.assistantMessage.status).toBe('stopped');
    expect(result.assistantMessage.content.length).toBeGreaterThan(0);
    expect('one two three four five six seven eight nine ten'.startsWith(result.assistantMessage.content)).toBe(true);
    expect(h.engine.internals.store.chunks.reassemble(turn.conversationId, result.assistantMessage.id)).toBe(
      result.assistantMessage.content,
    );
  });

  it('Ollama going down mid-stream gives a typed error and loses no user message', async () => {
    h = await startEngine();
    h.ollama.scriptChat({ text: 'I will be cut off before I finish this sentence', tokenDelayMs: 50, dropAfter: 3 });
    const turn = await h.engine.internals.chat.send({ content: 'Tell me a story.' });
    const result = await turn.done;
    expect(result.assistantMessage.status).toBe('error');
    expect(result.assistantMessage.error?.code).toBe('OLLAMA_BAD_RESPONSE');
    expect(h.engine.internals.store.messages.get(turn.userMessage.id).content).toBe('Tell me a story.');

    await h.ollama.stop();
    const offline = await h.engine.internals.chat.send({
      conversationId: turn.conversationId,
      content: 'Are you still online, assistant?',
    });
    const failed = await offline.done;
    expect(failed.assistantMessage.error?.code).toBe('OLLAMA_UNREACHABLE');
    expect(h.engine.internals.store.messages.get(offline.userMessage.id).content).toBe(
      'Are you still online, assistant?',
    );
    expect(h.engine.internals.store.chunks.search('online')[0]?.responseId).toBe(offline.userMessage.id);
  });

  it('regenerates the last reply and edits-and-resends the last message', async () => {
    h = await startEngine();
    const answers = ['First answer.', 'Second answer.', 'Answer to the edit.'];
    h.ollama.onChat((request) => ({ text: isTitleRequest(request) ? 'a title' : answers.shift()! }));
    const turn = await h.engine.internals.chat.send({ content: 'Question one?' });
    const first = await turn.done;
    await h.engine.internals.indexer.flush(); // the question is now indexed: it must still not be "retrieved"
    const regenerated = await (await h.engine.internals.chat.regenerate(turn.conversationId)).done;
    expect(regenerated.assistantMessage.content).toBe('Second answer.');
    expect(
      regenerated.context!.items.filter((i) => i.source.messageId === turn.userMessage.id).map((i) => i.section),
    ).toEqual(['user']);
    // The first reply is kept as the other version, off the shown path.
    expect(h.engine.internals.store.messages.find(first.assistantMessage.id)?.content).toBe('First answer.');
    expect(h.engine.internals.store.messages.list(turn.conversationId).map((m) => m.content)).toEqual([
      'Question one?',
      'Second answer.',
    ]);
    const edited = await (
      await h.engine.internals.chat.editLastUserMessage(turn.conversationId, 'Question one, rephrased?')
    ).done;
    expect(edited.assistantMessage.content).toBe('Answer to the edit.');
    expect(h.engine.internals.store.messages.list(turn.conversationId).map((m) => m.content)).toEqual([
      'Question one, rephrased?',
      'Answer to the edit.',
    ]);
    expect(h.engine.internals.store.messages.countFor(turn.conversationId)).toBe(5);
  });

  it('rejects empty and oversized messages with INVALID_INPUT and stores nothing', async () => {
    h = await startEngine();
    await expect(h.engine.internals.chat.send({ content: '  \n\t ' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(h.engine.internals.chat.send({ content: 'x'.repeat(10 * 1024 * 1024) })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(h.engine.internals.store.messages.count()).toBe(0);
  });

  it('a dry run assembles without storing anything, and models without tools still get memories', async () => {
    h = await startEngine();
    await h.engine.internals.memory.save({ content: 'The user lives in Porto.', source: 'user', pinned: true }, 'user');
    const before = h.engine.internals.store.messages.count();
    const context = await h.engine.internals.chat.dryRun({
      conversationId: null,
      content: 'Where do I live?',
      model: 'gemma2:2b',
    });
    expect(h.engine.internals.store.messages.count()).toBe(before);
    expect(context.tools).toEqual([]);
    expect(context.items.find((i) => i.section === 'core_memory')?.text).toBe('The user lives in Porto.');
    expect(context.messages[0]!.content).toContain('The user lives in Porto.');
  });

  it('summarises a conversation that has been idle, and never one with a turn running', async () => {
    h = await startEngine({ engine: { runBackgroundSummaries: false } });
    h.engine.services.settings.apply({ idleSummaryMs: 10_000 });
    let conversationId: string | null = null;
    for (let i = 0; i < 12; i++) {
      const turn = await h.engine.internals.chat.send({
        conversationId,
        content: `Planning detail ${i}: ` + 'we need tents, stoves and maps for the trip to the lakes. '.repeat(4),
      });
      conversationId = turn.conversationId;
      await turn.done;
    }
    await h.engine.internals.idleSummaries.runOnce();
    expect(h.engine.internals.store.summaries.all(conversationId!)).toEqual([]); // not idle yet

    h.engine.internals.store.db.prepare('UPDATE conversations SET updated_at = updated_at - 3600000').run();
    await h.engine.internals.idleSummaries.runOnce();
    const [summary] = h.engine.internals.store.summaries.all(conversationId!);
    expect(summary).toMatchObject({ trigger: 'idle', firstSeq: 1, lastSeq: 24 });
    expect(h.engine.internals.store.chunks.forResponse(summary!.id)[0]?.type).toBe('summary');
  });

  it('summarises the conversations of this session when the app quits, within a deadline', async () => {
    h = await startEngine({ engine: { runBackgroundSummaries: false } });
    let conversationId: string | null = null;
    for (let i = 0; i < 10; i++) {
      const turn = await h.engine.internals.chat.send({
        conversationId,
        content: `Budget item ${i}: ` + 'rent, groceries, the bike repair and the concert tickets. '.repeat(4),
      });
      conversationId = turn.conversationId;
      await turn.done;
    }
    await h.engine.close({ summarizeFor: 5_000 });
    const reopened = await h.reopen();
    expect(reopened.internals.store.summaries.all(conversationId!)).toMatchObject([
      { trigger: 'end', firstSeq: 1, lastSeq: 20 },
    ]);
  });

  it('keeps chatting on keyword retrieval while Chroma is down, and the backlog drains when it is back', async () => {
    h = await startEngine();
    const first = await h.engine.internals.chat.send({ content: 'My bicycle is a green Brompton folding bike.' });
    await first.done;
    await h.engine.internals.indexer.flush();
    await h.engine.internals.sidecar.dispose();

    const turn = await h.engine.internals.chat.send({ content: 'Which Brompton bicycle do I ride?' });
    const result = await turn.done;
    expect(result.assistantMessage.status).toBe('complete');
    expect(result.context!.retrievalMode).toBe('keyword');
    expect(
      result.context!.items.some((i) => i.section === 'retrieved' && i.source.messageId === first.userMessage.id),
    ).toBe(true);
    expect(await h.engine.internals.indexer.drainDue()).toBe(0); // Chroma is down: the backlog waits
    expect(h.engine.internals.store.outbox.pendingCount()).toBeGreaterThan(0);

    await h.engine.internals.sidecar.start();
    await h.engine.internals.indexer.flush(50);
    expect(h.engine.internals.store.outbox.pendingCount()).toBe(0);
    const model = h.engine.services.settings.embeddingModel();
    expect(await h.engine.internals.vectors.count('chunk', model)).toBe(h.engine.internals.store.chunks.count());
  });

  it('applies a chunk size changed in Settings to new messages', async () => {
    h = await startEngine();
    const c = h.engine.internals.store.conversations.create();
    const text = 'A sentence about settings and chunk sizes. '.repeat(60);
    const before = h.engine.internals.store.messages.appendTurn({ conversationId: c.id, role: 'user', content: text });
    h.engine.services.settings.apply({ chunkTokens: 50 });
    const after = h.engine.internals.store.messages.appendTurn({ conversationId: c.id, role: 'user', content: text });
    expect(h.engine.internals.store.chunks.forResponse(before.id)).toHaveLength(1);
    expect(h.engine.internals.store.chunks.forResponse(after.id).length).toBeGreaterThan(5);
  });
});
