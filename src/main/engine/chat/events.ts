// Events a chat turn emits, in order: started → token* (tool-call, memory-saved)* →
// finished | stopped | error; title and summary events may follow on their own.
import type { Memory, Message, Summary } from '../../../shared/domain';
import type { SerializedError } from '../../../shared/errors';
import type { AssembledContext } from '../context/types';

export type ChatEvent =
  | { type: 'turn-started'; conversationId: string; userMessage: Message; assistantMessageId: string }
  | { type: 'context'; conversationId: string; assistantMessageId: string; context: AssembledContext; /** The history overflowed its share and was summarised first. */ summarized: boolean }
  | { type: 'token'; conversationId: string; messageId: string; text: string }
  | { type: 'tool-call'; conversationId: string; messageId: string; name: string; arguments: Record<string, unknown>; ok: boolean; result: string }
  | { type: 'memory-saved'; conversationId: string; messageId: string; memory: Memory; outcome: 'created' | 'merged'; previous: Memory | null }
  | { type: 'turn-finished'; conversationId: string; message: Message }
  | { type: 'turn-stopped'; conversationId: string; message: Message }
  | { type: 'turn-error'; conversationId: string; message: Message | null; error: SerializedError }
  | { type: 'summary-written'; conversationId: string; summary: Summary }
  | { type: 'title'; conversationId: string; title: string };
