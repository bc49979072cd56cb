// The whole-profile export file: one JSON document, versioned, holding everything the user
// owns (conversations, messages, summaries with what they cover, memories with their history
// and soft-delete state, settings). Derived data (chunks, vectors, the outbox) is left out:
// an import rebuilds it through the normal write path. The schema below is the only reader.
import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from '../chat/message-input';
import { MAX_TAGS_PER_CONVERSATION, tagName } from '../../../shared/tags';
import { MAX_CATEGORY_CHARS, MAX_MEMORY_CHARS } from '../memory/validation';
import { contextReason } from '../../../shared/context-reasons';
import { legacyReason } from '../store/legacy-reasons';

export const EXPORT_FORMAT = 'mnemo-export';
export const EXPORT_VERSION = 1;

const id = z.string().min(1).max(200);
const time = z.number().int().min(0);

const conversation = z.object({
  id,
  title: z.string().max(1000),
  createdAt: time,
  updatedAt: time,
  archived: z.boolean(),
  pinned: z.boolean(),
  temporary: z.boolean(),
  settings: z.object({ crossConversation: z.boolean().optional() }),
  /** The message that ends the branch shown; null or absent: a conversation that never branched. */
  activeLeafId: id.nullable().optional(),
  /** Its tags' names, in the order they were added; absent from exports made before tags. */
  tags: z.array(tagName).max(MAX_TAGS_PER_CONVERSATION).optional(),
});

const message = z.object({
  id,
  conversationId: id,
  seq: z.number().int().min(1),
  /** The message this one follows. Absent (exports made before branches): the one before it. */
  parentId: id.nullable().optional(),
  role: z.enum(['user', 'assistant']),
  // The same limit as sending: an import cannot store what the chat would refuse.
  content: z.string().max(MAX_MESSAGE_CHARS),
  status: z.enum(['complete', 'streaming', 'stopped', 'error']),
  model: z.string().nullable(),
  tokenCount: z.number().int().min(0),
  error: z
    .object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() })
    .nullable(),
  createdAt: time,
  updatedAt: time,
});

const summary = z.object({
  id,
  conversationId: id,
  content: z.string().max(MAX_MESSAGE_CHARS),
  tokenCount: z.number().int().min(0),
  firstSeq: z.number().int().min(0),
  lastSeq: z.number().int().min(0),
  trigger: z.enum(['overflow', 'idle', 'end']),
  model: z.string().nullable(),
  supersededBy: id.nullable(),
  createdAt: time,
  coveredMessageIds: z.array(id),
});

const editable = z
  .object({
    content: z.string().max(MAX_MESSAGE_CHARS),
    category: z.string().max(1000),
    importance: z.number(),
    pinned: z.boolean(),
  })
  .partial();

const historyEntry = z.object({
  id: z.number().int().min(1),
  memoryId: id,
  action: z.enum(['create', 'update', 'delete', 'restore', 'merge']),
  actor: z.enum(['user', 'model', 'system']),
  before: editable.nullable(),
  after: editable.nullable(),
  at: time,
});

const memory = z.object({
  id,
  content: z.string().max(MAX_MEMORY_CHARS),
  category: z.string().min(1).max(MAX_CATEGORY_CHARS),
  importance: z.number().int().min(1).max(5),
  source: z.enum(['user', 'model', 'promoted']),
  sourceMessageId: id.nullable(),
  sourceConversationId: id.nullable(),
  pinned: z.boolean(),
  tokenCount: z.number().int().min(0),
  createdAt: time,
  updatedAt: time,
  deletedAt: time.nullable(),
  history: z.array(historyEntry).max(10_000),
});

const count = z.number().int().min(0).max(100_000_000);
const ms = z.number().min(0).max(86_400_000);

/** What one reply was answered with, without any text (see store/turn-contexts.ts). */
const turnContext = z.object({
  messageId: id,
  conversationId: id,
  at: time,
  budget: z.object({
    contextLength: count,
    reservedOutput: count,
    available: z.number().int(),
    used: count,
    bySection: z.record(z.string().max(40), count),
  }),
  retrievalMode: z.enum(['hybrid', 'keyword']),
  timings: z.object({ embedMs: ms, retrieveMs: ms, totalMs: ms }),
  items: z
    .array(
      z
        .object({
          section: z.string().min(1).max(40),
          tokens: count,
          score: z.number().nullable(),
          /** A code (context-reasons.ts); exports written before codes hold the English sentence. */
          reason: z.union([contextReason, z.string().max(500).transform(legacyReason)]),
          source: z
            .object({
              conversationId: id,
              messageId: id,
              chunkIds: z.array(id).max(1000),
              memoryId: id,
              summaryId: id,
              coveredMessageIds: z.array(id).max(100_000),
            })
            .partial()
            .strict(),
          timestamp: time.optional(),
          supersededBy: z.object({ memoryId: id }).strict().optional(),
        })
        .strict(),
    )
    .max(100_000),
  toolUses: z.array(z.object({ name: z.string().max(200), ok: z.boolean() }).strict()).max(1000),
});

/** One entry of each list, validated on its own as it is read (see export-reader.ts). */
export const exportEntrySchemas = {
  conversations: conversation,
  messages: message,
  summaries: summary,
  memories: memory,
  turnContexts: turnContext,
} as const;
export type ExportList = keyof typeof exportEntrySchemas;

/** The file's scalar fields and settings, everything but the four lists. */
export const exportHeadSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: time,
  schemaVersion: z.number().int().min(1),
  settings: z.record(z.string(), z.unknown()),
});

export const exportFileSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: time,
  /** Schema version of the database it came from (informative; the file format is what counts). */
  schemaVersion: z.number().int().min(1),
  conversations: z.array(conversation),
  messages: z.array(message),
  summaries: z.array(summary),
  memories: z.array(memory),
  /** Absent from exports made before replies kept their context. */
  turnContexts: z.array(turnContext).default([]),
  /** The settings table as key → value (JSON). */
  settings: z.record(z.string(), z.unknown()),
});

export type ExportFile = z.infer<typeof exportFileSchema>;
export type ExportedMemory = ExportFile['memories'][number];
export type ExportedSummary = ExportFile['summaries'][number];
