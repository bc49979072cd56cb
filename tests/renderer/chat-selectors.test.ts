// The chat view reads its store through one selector per slice, so it re-renders only when
// what it shows changes: zustand compares each selected value with Object.is.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../src/shared/domain';
import { chatSelectors, useChat } from '../../src/renderer/src/stores/chat-store';

const user = (id: string, conversationId: string): Message => ({
  id,
  conversationId,
  parentId: null,
  seq: 1,
  role: 'user',
  content: 'Hello',
  status: 'complete',
  model: null,
  tokenCount: 1,
  error: null,
  createdAt: 1,
  updatedAt: 1,
});

/** Everything the chat view of conversation `id` selects, as it would see it now. */
const viewOf = (id: string) => {
  const s = useChat.getState();
  return [
    chatSelectors.thread(id)(s),
    chatSelectors.draft(id)(s),
    chatSelectors.sending(id)(s),
    chatSelectors.error(id)(s),
    chatSelectors.loading(id)(s),
    chatSelectors.model(s),
    chatSelectors.temporary(s),
  ];
};

describe('chat view selectors', () => {
  beforeEach(() => {
    const { applyEvent } = useChat.getState();
    for (const id of ['a', 'b'])
      applyEvent({
        type: 'turn-started',
        conversationId: id,
        userMessage: user(`u-${id}`, id),
        assistantMessageId: `r-${id}`,
      });
  });

  it('a token streaming into another conversation changes nothing the view of this one selects', () => {
    const before = viewOf('a');
    useChat.getState().applyEvent({ type: 'token', conversationId: 'b', messageId: 'r-b', text: 'Hi' });
    const after = viewOf('a');
    after.forEach((value, i) => expect(Object.is(value, before[i])).toBe(true));
  });

  it('a token in this conversation changes its thread', () => {
    const before = viewOf('a');
    useChat.getState().applyEvent({ type: 'token', conversationId: 'a', messageId: 'r-a', text: 'Hi' });
    expect(Object.is(viewOf('a')[0], before[0])).toBe(false);
  });
});
