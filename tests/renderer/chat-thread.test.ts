import { describe, expect, it } from 'vitest';
import type { Message } from '../../src/shared/domain';
import {
  EMPTY_THREAD,
  applyChatEvent,
  lastOf,
  mergeLoaded,
  type ChatEvent,
  type ChatThread,
} from '../../src/renderer/src/lib/chat-thread';

const msg = (
  id: string,
  seq: number,
  role: Message['role'],
  content: string,
  status: Message['status'] = 'complete',
  parentId: string | null = null,
): Message => ({
  id,
  conversationId: 'c1',
  seq,
  parentId,
  role,
  content,
  status,
  model: null,
  tokenCount: 0,
  error: null,
  createdAt: seq,
  updatedAt: seq,
});

const run = (thread: ChatThread, events: ChatEvent[]) => events.reduce(applyChatEvent, thread);

describe('applyChatEvent', () => {
  it('streams tokens into a placeholder and settles on the stored reply', () => {
    let thread = run(EMPTY_THREAD, [
      { type: 'turn-started', conversationId: 'c1', userMessage: msg('u1', 1, 'user', 'hi'), assistantMessageId: 'a1' },
      { type: 'token', conversationId: 'c1', messageId: 'a1', text: 'Hel' },
      { type: 'token', conversationId: 'c1', messageId: 'a1', text: 'lo' },
    ]);
    expect(thread.streamingId).toBe('a1');
    expect(thread.messages.map((m) => [m.id, m.content, m.status])).toEqual([
      ['u1', 'hi', 'complete'],
      ['a1', 'Hello', 'streaming'],
    ]);
    thread = applyChatEvent(thread, {
      type: 'turn-finished',
      conversationId: 'c1',
      message: msg('a1', 2, 'assistant', 'Hello!'),
    });
    expect(thread.streamingId).toBeNull();
    expect(lastOf(thread, 'assistant')?.content).toBe('Hello!');
  });

  it('shows the new branch on regenerate and edit: what followed the parent is left to the other branch', () => {
    const start = {
      ...EMPTY_THREAD,
      messages: [
        msg('u1', 1, 'user', 'a'),
        msg('a1', 2, 'assistant', 'x', 'complete', 'u1'),
        msg('u2', 3, 'user', 'b', 'complete', 'a1'),
        msg('a2', 4, 'assistant', 'y', 'complete', 'u2'),
      ],
    };
    const regenerated = applyChatEvent(start, {
      type: 'turn-started',
      conversationId: 'c1',
      userMessage: msg('u2', 3, 'user', 'b', 'complete', 'a1'),
      assistantMessageId: 'a3',
    });
    expect(regenerated.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a3']);
    expect(regenerated.messages[3]?.parentId).toBe('u2');
    // An edit is a new message (a later seq) beside the old one, under the same parent.
    const edited = applyChatEvent(start, {
      type: 'turn-started',
      conversationId: 'c1',
      userMessage: msg('u3', 5, 'user', 'b, edited', 'complete', 'a1'),
      assistantMessageId: 'a4',
    });
    expect(edited.messages.map((m) => m.content)).toEqual(['a', 'x', 'b, edited', '']);
    const firstEdited = applyChatEvent(start, {
      type: 'turn-started',
      conversationId: 'c1',
      userMessage: msg('u4', 6, 'user', 'a, edited'),
      assistantMessageId: 'a5',
    });
    expect(firstEdited.messages.map((m) => m.id)).toEqual(['u4', 'a5']);
  });

  it('marks the streaming reply failed when the error carries no message', () => {
    const thread = run(EMPTY_THREAD, [
      { type: 'turn-started', conversationId: 'c1', userMessage: msg('u1', 1, 'user', 'hi'), assistantMessageId: 'a1' },
      {
        type: 'turn-error',
        conversationId: 'c1',
        message: null,
        error: { code: 'OLLAMA_UNREACHABLE', message: 'Ollama is not running' },
      },
    ]);
    expect(thread.streamingId).toBeNull();
    expect(thread.lastError?.code).toBe('OLLAMA_UNREACHABLE');
    expect(thread.messages[1]).toMatchObject({ status: 'error', error: { code: 'OLLAMA_UNREACHABLE' } });
    expect(thread.messages[0]?.content).toBe('hi');
  });

  it('records tool calls and keeps stopped replies', () => {
    const thread = run(EMPTY_THREAD, [
      { type: 'turn-started', conversationId: 'c1', userMessage: msg('u1', 1, 'user', 'hi'), assistantMessageId: 'a1' },
      {
        type: 'tool-call',
        conversationId: 'c1',
        messageId: 'a1',
        name: 'save_to_model_memory',
        arguments: {},
        ok: true,
        result: 'ok',
      },
      { type: 'turn-stopped', conversationId: 'c1', message: msg('a1', 2, 'assistant', 'partial', 'stopped') },
    ]);
    expect(thread.tools.a1).toEqual([{ name: 'save_to_model_memory', ok: true }]);
    expect(thread.messages[1]?.status).toBe('stopped');
  });
});

describe('mergeLoaded', () => {
  it('keeps the newer streamed text over a staler stored copy', () => {
    const live = run(EMPTY_THREAD, [
      { type: 'turn-started', conversationId: 'c1', userMessage: msg('u1', 1, 'user', 'hi'), assistantMessageId: 'a1' },
      { type: 'token', conversationId: 'c1', messageId: 'a1', text: 'Hello there' },
    ]);
    const merged = mergeLoaded(live, [msg('u1', 1, 'user', 'hi'), msg('a1', 2, 'assistant', 'Hel', 'streaming')]);
    expect(merged.messages[1]?.content).toBe('Hello there');
    expect(merged.streamingId).toBe('a1');
  });

  it('takes the stored reply once it is complete', () => {
    const live = { ...EMPTY_THREAD, streamingId: 'a1', messages: [msg('a1', 2, 'assistant', 'Hel', 'streaming')] };
    const merged = mergeLoaded(live, [msg('u1', 1, 'user', 'hi'), msg('a1', 2, 'assistant', 'Hello', 'complete')]);
    expect(merged.streamingId).toBeNull();
    expect(merged.messages.map((m) => m.content)).toEqual(['hi', 'Hello']);
  });

  it('keeps the question and reply of a turn that started after the loaded snapshot was taken', () => {
    const started = run(
      { ...EMPTY_THREAD, messages: [msg('u1', 1, 'user', 'hi'), msg('a1', 2, 'assistant', 'Hello', 'complete', 'u1')] },
      [
        {
          type: 'turn-started',
          conversationId: 'c1',
          userMessage: msg('u2', 3, 'user', 'again', 'complete', 'a1'),
          assistantMessageId: 'a2',
        },
      ],
    );
    const merged = mergeLoaded(started, [
      msg('u1', 1, 'user', 'hi'),
      msg('a1', 2, 'assistant', 'Hello', 'complete', 'u1'),
    ]);
    expect(merged.messages.map((m) => m.id)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(merged.streamingId).toBe('a2');
  });

  it("keeps a reply that ended while a load was on its way, over the load's older streaming copy", () => {
    // The chat opens (a load is sent), the reply ends, then the load's answer arrives: a snapshot
    // taken while the reply was still streaming must not put it back to streaming for good.
    const ended = run(EMPTY_THREAD, [
      { type: 'turn-started', conversationId: 'c1', userMessage: msg('u1', 1, 'user', 'hi'), assistantMessageId: 'a1' },
      { type: 'token', conversationId: 'c1', messageId: 'a1', text: 'Hello' },
      { type: 'turn-finished', conversationId: 'c1', message: msg('a1', 2, 'assistant', 'Hello', 'complete', 'u1') },
    ]);
    const merged = mergeLoaded(ended, [msg('u1', 1, 'user', 'hi'), msg('a1', 2, 'assistant', '', 'streaming', 'u1')]);
    expect(merged.messages.map((m) => [m.content, m.status])).toEqual([
      ['hi', 'complete'],
      ['Hello', 'complete'],
    ]);
    expect(merged.streamingId).toBeNull();
  });
});

describe('memory notes', () => {
  const proposal = (status: 'pending' | 'approved' | 'rejected', replyMessageId: string | null) => ({
    id: `p-${status}`,
    content: status === 'pending' ? 'The user likes tea.' : '',
    category: 'preference',
    importance: 3,
    origin: 'tool' as const,
    status,
    conversationId: 'c1',
    sourceMessageId: 'u1',
    sourceExcerpt: 'I like tea',
    conversationTitle: 'Tea',
    replyMessageId,
    memoryId: null,
    createdAt: 1,
    resolvedAt: null,
  });

  it('shows proposals under their reply (or their message once the reply is gone), and refusals as warnings', async () => {
    const { withProposals } = await import('../../src/renderer/src/lib/chat-thread');
    const thread = withProposals(EMPTY_THREAD, [proposal('pending', 'a1'), proposal('rejected', null)]);
    expect(thread.memoryNotes.a1?.map((n) => n.text)).toEqual([
      'The model proposed a memory, waiting for your review in Memory: “The user likes tea.”',
    ]);
    expect(thread.memoryNotes.u1?.map((n) => n.text)).toEqual(['The model proposed a memory; you rejected it.']);
    const refused = applyChatEvent(thread, {
      type: 'memory-refused',
      conversationId: 'c1',
      messageId: 'a1',
      kinds: ['pin'],
    });
    expect(refused.memoryNotes.a1?.map((n) => n.tone)).toEqual(['info', 'warning']);
    expect(refused.memoryNotes.a1?.[1]?.text).toBe(
      'Not saved: this looks like it contains a PIN, and Mnemo never lets the model store secrets.',
    );
  });
});
