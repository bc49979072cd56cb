// The whole-profile export file: one JSON document, versioned, holding everything the user
// owns (conversations, messages, summaries with what they cover, memories with their history
// and soft-delete state, settings). Derived data (chunks, vectors, the outbox) is left out:
// an import rebuilds it through the normal write path. The schema below is the only reader.
import { z } from 'zod';

export const EXPORT_FORMAT = 'mnemo-export';
export const EXPORT_VERSION = 1;

const id = z.string().min(1).max(200);
const time = z.number().int().min(0);

const conversation = z.object({
  id,
  title: z.string(),
  createdAt: time,
  updatedAt: time,
  archived: z.boolean(),
  pinned: z.boolean(),
  temporary: z.boolean(),
  settings: z.object({ crossConversation: z.boolean().optional() }),
});

const message = z.object({
  id,
  conversationId: id,
  seq: z.number().int().min(1),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  status: z.enum(['complete', 'streaming', 'stopped', 'error']),
  model: z.string().nullable(),
  tokenCount: z.number().int().min(0),
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }).nullable(),
  createdAt: time,
  updatedAt: time,
});

const summary = z.object({
  id,
  conversationId: id,
  content: z.string(),
  tokenCount: z.number().int().min(0),
  firstSeq: z.number().int().min(0),
  lastSeq: z.number().int().min(0),
  trigger: z.enum(['overflow', 'idle', 'end']),
  model: z.string().nullable(),
  supersededBy: id.nullable(),
  createdAt: time,
  coveredMessageIds: z.array(id),
});

const editable = z.object({ content: z.string(), category: z.string(), importance: z.number(), pinned: z.boolean() }).partial();

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
  content: z.string(),
  category: z.string().min(1).max(200),
  importance: z.number().int().min(1).max(5),
  source: z.enum(['user', 'model', 'promoted']),
  sourceMessageId: id.nullable(),
  sourceConversationId: id.nullable(),
  pinned: z.boolean(),
  tokenCount: z.number().int().min(0),
  createdAt: time,
  updatedAt: time,
  deletedAt: time.nullable(),
  history: z.array(historyEntry),
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
  /** The settings table as key → value (JSON). */
  settings: z.record(z.string(), z.unknown()),
});

export type ExportFile = z.infer<typeof exportFileSchema>;
export type ExportedMemory = ExportFile['memories'][number];
export type ExportedSummary = ExportFile['summaries'][number];
