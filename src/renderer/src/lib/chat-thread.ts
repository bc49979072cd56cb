// One conversation's messages as the chat view shows them, and how each chat event changes
// them. Pure: the chat store applies these and tests drive them directly.
import type { ChatEvent, ContextView } from '../../../shared/contract';
import type { MemoryProposal, Message } from '../../../shared/domain';
import type { SerializedError } from '../../../shared/errors';
import { t } from '../i18n';
import { secretsText } from './secrets';

export type { ChatEvent } from '../../../shared/contract';

export interface ToolNote {
  name: string;
  ok: boolean;
}

/** What became of something the model wanted remembered, shown under the message. */
export interface MemoryNote {
  key: string;
  tone: 'info' | 'warning';
  text: string;
}

export interface ChatThread {
  messages: Message[];
  /** The assistant message being written, if any. */
  streamingId: string | null;
  tools: Record<string, ToolNote[]>;
  /** Keyed by the message they belong under. */
  memoryNotes: Record<string, MemoryNote[]>;
  /** Set when a turn failed: what went wrong, for the banner above the composer. */
  lastError: SerializedError | null;
  context: ContextView | null;
}

export const EMPTY_THREAD: ChatThread = {
  messages: [],
  streamingId: null,
  tools: {},
  memoryNotes: {},
  lastError: null,
  context: null,
};

export function applyChatEvent(thread: ChatThread, event: ChatEvent): ChatThread {
  switch (event.type) {
    case 'turn-started': {
      const user = event.userMessage;
      // The shown path now runs through the user's message: what followed its parent (an older
      // version, on regenerate or edit) is another branch.
      const kept = pathTo(thread.messages, user.parentId);
      const placeholder: Message = {
        id: event.assistantMessageId,
        conversationId: event.conversationId,
        seq: user.seq + 1,
        parentId: user.id,
        role: 'assistant',
        content: '',
        status: 'streaming',
        model: null,
        tokenCount: 0,
        error: null,
        createdAt: user.createdAt,
        updatedAt: user.createdAt,
      };
      return {
        ...thread,
        messages: [...kept, user, placeholder],
        streamingId: event.assistantMessageId,
        lastError: null,
      };
    }
    case 'token':
      return {
        ...thread,
        messages: thread.messages.map((m) =>
          m.id === event.messageId ? { ...m, content: m.content + event.text } : m,
        ),
      };
    case 'tool-call': {
      const notes = thread.tools[event.messageId] ?? [];
      return {
        ...thread,
        tools: { ...thread.tools, [event.messageId]: [...notes, { name: event.name, ok: event.ok }] },
      };
    }
    case 'memory-proposed':
      return withNote(thread, event.messageId, proposalNote(event.proposal));
    case 'memory-refused':
      return withNote(thread, event.messageId, {
        key: `refused-${event.messageId}-${event.kinds.join('-')}`,
        tone: 'warning',
        text: t('chat.memoryRefused', { what: secretsText(event.kinds) }),
      });
    case 'context':
      return { ...thread, context: event.context };
    case 'turn-finished':
    case 'turn-stopped':
      return { ...thread, messages: replaceMessage(thread.messages, event.message), streamingId: null };
    case 'turn-error': {
      const streamingId = thread.streamingId;
      const messages = event.message
        ? replaceMessage(thread.messages, event.message)
        : thread.messages.map((m) =>
            m.id === streamingId
              ? { ...m, status: 'error' as const, error: { code: event.error.code, message: event.error.message } }
              : m,
          );
      return { ...thread, messages, streamingId: null, lastError: event.error };
    }
    default:
      return thread;
  }
}

/**
 * Messages loaded from the engine, merged with what streamed in meanwhile: the engine saves a
 * streaming reply only every so often, so the text held here may be newer. A load is a snapshot
 * that can arrive after the reply's end was heard (its answer left the engine first, or the load
 * waited on other calls): a reply held here as ended keeps that ending, as a reply never streams
 * again once it ended.
 */
export function mergeLoaded(thread: ChatThread, loaded: Message[]): ChatThread {
  const live = thread.streamingId ? thread.messages.find((m) => m.id === thread.streamingId) : undefined;
  const ended = new Map<string, Message>();
  for (const m of thread.messages) if (m.status !== 'streaming') ended.set(m.id, m);
  const messages = loaded.map((m) => {
    if (m.status !== 'streaming') return m;
    if (live && m.id === live.id && live.content.length > m.content.length) return live;
    return ended.get(m.id) ?? m;
  });
  // A turn that started after the snapshot was taken: its question and reply stay shown.
  if (live && !messages.some((m) => m.id === live.id)) {
    const question = thread.messages.find((m) => m.id === live.parentId);
    if (question && !messages.some((m) => m.id === question.id)) messages.push(question);
    messages.push(live);
  }
  const stillStreaming = live ? messages.some((m) => m.id === live.id && m.status === 'streaming') : false;
  return { ...thread, messages, streamingId: stillStreaming ? thread.streamingId : null };
}

/** The notes of a conversation's proposals, as stored (they survive a reload). */
export function withProposals(thread: ChatThread, proposals: readonly MemoryProposal[]): ChatThread {
  const memoryNotes: Record<string, MemoryNote[]> = {};
  for (const proposal of proposals) {
    const under = proposal.replyMessageId ?? proposal.sourceMessageId;
    memoryNotes[under] = [...(memoryNotes[under] ?? []), proposalNote(proposal)];
  }
  return { ...thread, memoryNotes };
}

export function proposalNote(proposal: MemoryProposal): MemoryNote {
  const who = proposal.origin === 'tool' ? t('memory.noteToolProposed') : t('memory.noteFound');
  const text =
    proposal.status === 'pending'
      ? t('memory.notePending', { who, content: proposal.content })
      : proposal.status === 'approved'
        ? t('memory.noteApproved', { who })
        : t('memory.noteRejected', { who });
  return { key: proposal.id, tone: 'info', text };
}

function withNote(thread: ChatThread, messageId: string, note: MemoryNote): ChatThread {
  const notes = (thread.memoryNotes[messageId] ?? []).filter((n) => n.key !== note.key);
  return { ...thread, memoryNotes: { ...thread.memoryNotes, [messageId]: [...notes, note] } };
}

export function lastOf(thread: ChatThread, role: Message['role']): Message | undefined {
  for (let i = thread.messages.length - 1; i >= 0; i -= 1) {
    const m = thread.messages[i];
    if (m && m.role === role) return m;
  }
  return undefined;
}

/** The shown messages up to and including `lastId` (none for null, or when it is not shown). */
function pathTo(messages: Message[], lastId: string | null): Message[] {
  const at = lastId === null ? -1 : messages.findIndex((m) => m.id === lastId);
  return messages.slice(0, at + 1);
}

function replaceMessage(messages: Message[], message: Message): Message[] {
  return messages.some((m) => m.id === message.id)
    ? messages.map((m) => (m.id === message.id ? message : m))
    : [...messages, message];
}
