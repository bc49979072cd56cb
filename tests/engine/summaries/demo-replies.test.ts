// Demo mode (the test Ollama server's default replies) on a real engine: the summariser's own
// request gets a summary of the turns, and a chat turn whose prompt holds that summary (and
// asks to "summarize") still gets an assistant's answer, not another summary.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEngine, type EngineHarness } from '../../support/engine';

let h: EngineHarness;
beforeAll(async () => {
  h = await startEngine();
});
afterAll(() => h.dispose());

it("summaries come from the summariser's request, assistant replies from everything else", async () => {
  const { store } = h.engine.internals;
  const conversation = store.conversations.create({});
  const turns = [
    ['user', 'My dog is called Rex and he loves the beach. He is three.'],
    ['assistant', 'Rex sounds lovely! Does he swim?'],
    ['user', 'I live in Lisbon, near the river.'],
    ['assistant', 'Lisbon is beautiful in spring.'],
    ['user', 'Thanks, that helps.'],
    ['assistant', 'Glad to help.'],
  ] as const;
  for (const [role, content] of turns) store.messages.appendTurn({ conversationId: conversation.id, role, content });
  const [summary] = await h.engine.internals.summarizer.summarize({
    conversationId: conversation.id,
    trigger: 'idle',
    keepTokens: 0,
    maxInputTokens: 4000,
    maxSummaryTokens: 300,
    keepTurns: 0,
  });
  expect(summary?.content).toBe(
    'My dog is called Rex and he loves the beach. Rex sounds lovely! I live in Lisbon, near the river. Lisbon is beautiful in spring. Thanks, that helps. Glad to help.',
  );

  const started = await h.engine.internals.chat.send({
    conversationId: conversation.id,
    content: 'Can you summarize what I told you about Lisbon?',
  });
  await expect.poll(() => store.messages.get(started.assistantMessageId).status).toBe('complete');
  const reply = store.messages.get(started.assistantMessageId).content;
  expect(reply).toMatch(/^From what you have told me: .*Lisbon/);
  expect(reply).not.toContain('Rex sounds lovely');
});
