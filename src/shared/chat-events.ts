// The chat events a turn emits, in order: turn-started → context → token* (tool-call,
// memory-saved)* → turn-finished | turn-stopped | turn-error; title and summary-written may
// follow on their own. Generic in the context's shape: the engine emits its full assembled
// context, the renderer reads the inspector's view of it.
import type { Memory, MemoryProposal, Message, Summary } from './domain';
import type { SerializedError } from './errors';

export type ChatEventOf<TContext> =
  | { type: 'turn-started'; conversationId: string; userMessage: Message; assistantMessageId: string }
  | { type: 'context'; conversationId: string; assistantMessageId: string; context: TContext; /** The history overflowed its share and was summarised first. */ summarized: boolean }
  | { type: 'token'; conversationId: string; messageId: string; text: string }
  | { type: 'tool-call'; conversationId: string; messageId: string; name: string; arguments: Record<string, unknown>; ok: boolean; result: string }
  | { type: 'memory-saved'; conversationId: string; messageId: string; memory: Memory; outcome: 'created' | 'merged'; previous: Memory | null }
  | { type: 'memory-proposed'; conversationId: string; messageId: string; proposal: MemoryProposal }
  | { type: 'memory-refused'; conversationId: string; messageId: string; message: string; kinds: string[] }
  | { type: 'turn-finished'; conversationId: string; message: Message }
  | { type: 'turn-stopped'; conversationId: string; message: Message }
  | { type: 'turn-error'; conversationId: string; message: Message | null; error: SerializedError }
  | { type: 'summary-written'; conversationId: string; summary: Summary }
  | { type: 'title'; conversationId: string; title: string };
