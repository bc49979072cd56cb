// The chat events a turn emits, in order: turn-started → context → token* (tool-call,
// memory-saved)* → turn-finished | turn-stopped | turn-error; title and summary-written may
// follow on their own. Described with zod like the methods' inputs, so the engine, both
// transports and the renderer share one discriminated union, and a test can hold any event
// the engine emits against it. The context event carries the inspector's view of the
// context, never the prompt itself.
import { z } from 'zod';
import type { Memory, MemoryProposal, Message, Summary } from './domain';
import type { SerializedError } from './errors';
import { contextReason } from './context-reasons';
import { SECRET_KINDS } from './secrets';

/** Domain records travel as they are: their shapes are the domain's, typed here, not re-described. */
const record = <T>() => z.custom<T>((value) => typeof value === 'object' && value !== null && !Array.isArray(value));
const message = record<Message>();
const memory = record<Memory>();
const proposal = record<MemoryProposal>();
const summary = record<Summary>();
const error = record<SerializedError>();

export const contextItemView = z
  .object({
    section: z.string(),
    text: z.string(),
    tokens: z.number(),
    score: z.number().nullable(),
    /** Why it is in: a code the renderer words (context-reasons.ts). */
    reason: contextReason,
    source: z
      .object({
        conversationId: z.string().optional(),
        messageId: z.string().optional(),
        chunkIds: z.array(z.string()).optional(),
        memoryId: z.string().optional(),
        summaryId: z.string().optional(),
        coveredMessageIds: z.array(z.string()).optional(),
      })
      .strict(),
    timestamp: z.number().optional(),
    /** A retrieved excerpt stating a value this memory has since replaced. */
    supersededBy: z.object({ memoryId: z.string(), current: z.string() }).strict().optional(),
    /** Deleted since the reply was written (an inspected past reply): its text is gone, only its place in the prompt is known. */
    gone: z.boolean().optional(),
  })
  .strict();

/** What the context inspector shows of an assembled context: its items, budget and timings. */
export const contextView = z
  .object({
    conversationId: z.string().nullable(),
    items: z.array(contextItemView),
    budget: z
      .object({
        contextLength: z.number(),
        reservedOutput: z.number(),
        available: z.number(),
        used: z.number(),
        bySection: z.record(z.string(), z.number()),
      })
      .strict(),
    retrievalMode: z.enum(['hybrid', 'keyword']),
    timings: z.object({ embedMs: z.number(), retrieveMs: z.number(), totalMs: z.number() }).strict(),
  })
  .strict();

export type ContextItemView = z.infer<typeof contextItemView>;
export type ContextView = z.infer<typeof contextView>;

const turn = { conversationId: z.string() };
const inReply = { conversationId: z.string(), messageId: z.string() };

export const chatEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('turn-started'), ...turn, userMessage: message, assistantMessageId: z.string() }).strict(),
  /** `summarized`: the history overflowed its share and was summarised first. */
  z
    .object({
      type: z.literal('context'),
      ...turn,
      assistantMessageId: z.string(),
      context: contextView,
      summarized: z.boolean(),
    })
    .strict(),
  z.object({ type: z.literal('token'), ...inReply, text: z.string() }).strict(),
  z
    .object({
      type: z.literal('tool-call'),
      ...inReply,
      name: z.string(),
      arguments: z.record(z.string(), z.unknown()),
      ok: z.boolean(),
      result: z.string(),
    })
    .strict(),
  z
    .object({
      type: z.literal('memory-saved'),
      ...inReply,
      memory,
      outcome: z.enum(['created', 'merged']),
      previous: memory.nullable(),
    })
    .strict(),
  z.object({ type: z.literal('memory-proposed'), ...inReply, proposal }).strict(),
  /** The model tried to save a secret: refused, never stored; the chat says which kinds. */
  z.object({ type: z.literal('memory-refused'), ...inReply, kinds: z.array(z.enum(SECRET_KINDS)) }).strict(),
  z.object({ type: z.literal('turn-finished'), ...turn, message }).strict(),
  z.object({ type: z.literal('turn-stopped'), ...turn, message }).strict(),
  z.object({ type: z.literal('turn-error'), ...turn, message: message.nullable(), error }).strict(),
  z.object({ type: z.literal('summary-written'), ...turn, summary }).strict(),
  z.object({ type: z.literal('title'), ...turn, title: z.string() }).strict(),
]);

export type ChatEvent = z.infer<typeof chatEvent>;
export type ChatEventType = ChatEvent['type'];
