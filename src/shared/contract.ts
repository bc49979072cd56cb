// The IPC contract: every method the renderer may call, with the runtime schema that
// validates its input (in main, before anything reaches the engine) and the type of its
// result, and every event it may receive. Bound to Electron IPC and to a loopback WebSocket
// by two small adapters; both carry the same envelopes.
import { z } from 'zod';
import { chatEvent, type ContextView } from './chat-events';
import type {
  BranchPoint,
  Conversation,
  ForgetCandidate,
  Memory,
  MemoryHistoryEntry,
  MemoryProposal,
  MemoryVersion,
  Message,
  SearchHit,
  Summary,
} from './domain';
import type { SerializedError } from './errors';
import type { SecretKind } from './secrets';
import type { ProfileProblem, RecoveryOutcome } from './profile';
import type { MonitoringOverview, TurnFigures } from './monitoring';
import { tagName, type Tag, type TagsOverview } from './tags';

const id = z.string().min(1).max(200);
const text = (max: number) => z.string().max(max);
const category = z.string().trim().min(1).max(40);
const importance = z.number().int().min(1).max(5);
const limit = z.number().int().min(1).max(10_000);
const offset = z.number().int().min(0).max(10_000_000);
/** Messages are validated for content by the engine (empty, oversized); this bounds the payload. */
const MAX_PAYLOAD_CHARS = 12 * 1024 * 1024;
/** The longest message a user may send or an import may hold: about 250k tokens, beyond any local model's window. */
export const MAX_MESSAGE_CHARS = 1_000_000;
/** A whole-profile export can be far larger than one message. */
export const MAX_IMPORT_CHARS = 256 * 1024 * 1024;
/**
 * One part of an export sent with `data.importPart`: small enough that, JSON-encoded (at most
 * three bytes a character), it fits one WebSocket frame with room to spare.
 */
export const IMPORT_PART_CHARS = 4 * 1024 * 1024;

const none = z.object({}).strict();
/** Text files sent with a message; the engine checks their type and size (shared/attachments.ts). */
const attachments = z
  .array(z.object({ name: z.string().max(500), text: text(MAX_PAYLOAD_CHARS) }).strict())
  .max(50)
  .optional();
const time = z.number().int().min(0).max(8_640_000_000_000_000);
/** Which turns the Monitoring view and its exports cover. */
const metricsFilter = { conversationId: id.nullable().optional(), from: time.optional(), to: time.optional() };

export const methodInputs = {
  'app.status': none,
  'models.list': none,
  /** Downloads a model into the configured Ollama; progress comes as 'model-pull' events. */
  'models.pull': z.object({ model: z.string().trim().min(1).max(200) }).strict(),
  'models.cancelPull': z.object({ model: z.string().trim().min(1).max(200) }).strict(),
  'models.delete': z.object({ model: z.string().trim().min(1).max(200) }).strict(),
  'settings.get': none,
  'settings.update': z
    .object({
      ollamaHost: text(500),
      chatModel: text(200),
      embeddingModel: text(200),
      contextLength: z.number().int().nullable(),
      reservedOutputTokens: z.number().int(),
      chunkTokens: z.number().int(),
      idleSummaryMs: z.number().int(),
      crossConversationDefault: z.boolean(),
      systemPrompt: text(20_000),
      memorySaveMode: z.enum(['ask', 'auto']),
      /** Set to the new ollamaHost when it is off this machine: the user confirmed messages go there. */
      confirmRemoteHost: text(500),
      metricsRetentionDays: z.number().int(),
      metricsMaxTurns: z.number().int(),
    })
    .partial()
    .strict(),

  'chat.send': z
    .object({
      conversationId: id.nullable().optional(),
      content: text(MAX_PAYLOAD_CHARS),
      attachments,
      model: text(200).optional(),
      temporary: z.boolean().optional(),
    })
    .strict(),
  'chat.stop': z.object({ conversationId: id }).strict(),
  /** A new version of a reply (by default the last one); the old one stays, a ‹ n / m › away. */
  'chat.regenerate': z.object({ conversationId: id, model: text(200).optional(), messageId: id.optional() }).strict(),
  /** A new version of one of the user's messages (by default the last), answered anew; the old one stays. */
  'chat.editLast': z
    .object({
      conversationId: id,
      content: text(MAX_PAYLOAD_CHARS),
      attachments,
      model: text(200).optional(),
      messageId: id.optional(),
    })
    .strict(),
  'chat.lastContext': z.object({ conversationId: id }).strict(),
  'chat.dryRun': z.object({ conversationId: id.nullable(), content: text(MAX_PAYLOAD_CHARS) }).strict(),
  /** What one reply was answered with ("Why this reply?"), from the record kept with it. */
  'chat.turnContext': z.object({ messageId: id }).strict(),
  /** The tools each reply of a conversation used, by reply. */
  'chat.toolUses': z.object({ conversationId: id }).strict(),
  /** A draft's size against what the prompt may hold, before it is sent. */
  'chat.measure': z
    .object({ conversationId: id.nullable(), content: text(MAX_PAYLOAD_CHARS), model: text(200).optional() })
    .strict(),

  'conversations.list': z
    .object({
      includeArchived: z.boolean().optional(),
      onlyArchived: z.boolean().optional(),
      /** Only the conversations carrying this tag. */
      tagId: id.optional(),
      limit: limit.optional(),
      offset: offset.optional(),
    })
    .strict(),
  'conversations.get': z.object({ conversationId: id }).strict(),
  'conversations.messages': z
    .object({ conversationId: id, afterSeq: offset.optional(), limit: limit.optional() })
    .strict(),
  'conversations.rename': z.object({ conversationId: id, title: z.string().trim().min(1).max(200) }).strict(),
  'conversations.setPinned': z.object({ conversationId: id, pinned: z.boolean() }).strict(),
  'conversations.setArchived': z.object({ conversationId: id, archived: z.boolean() }).strict(),
  'conversations.setCrossConversation': z.object({ conversationId: id, enabled: z.boolean() }).strict(),
  /** `withMemories`: also delete the memories that came from it (see conversations.memories). */
  'conversations.delete': z.object({ conversationId: id, withMemories: z.boolean().optional() }).strict(),
  'conversations.memories': z.object({ conversationId: id }).strict(),
  /** "Keep this chat": a temporary chat becomes an ordinary, indexed one. */
  'conversations.keep': z.object({ conversationId: id }).strict(),
  'conversations.export': z.object({ conversationId: id, format: z.enum(['markdown', 'json']) }).strict(),
  'messages.delete': z.object({ messageId: id }).strict(),
  /** Where the shown branch of a conversation forks: each message there with its other versions. */
  'conversations.branches': z.object({ conversationId: id }).strict(),
  /** Shows the branch through this message (a ‹ n / m › switch); returns the messages now shown. */
  'conversations.showBranch': z.object({ messageId: id }).strict(),
  /** "Branch from here": continue after this message in a new branch, or in a new conversation. */
  'conversations.branchFrom': z.object({ messageId: id, into: z.enum(['branch', 'conversation']) }).strict(),
  'search.messages': z
    .object({
      query: text(2000),
      limit: limit.optional(),
      includeArchived: z.boolean().optional(),
      /** Only in the conversations carrying this tag. */
      tagId: id.optional(),
    })
    .strict(),

  /** Every tag, and which conversations carry which. */
  'tags.list': none,
  /** Tags a conversation; a name another tag has (case and spacing aside) reuses that tag. */
  'tags.add': z.object({ conversationId: id, name: tagName }).strict(),
  /** Takes a tag off a conversation; a tag no conversation carries any more is deleted. */
  'tags.remove': z.object({ conversationId: id, tagId: id }).strict(),
  /** Renames a tag everywhere; to another tag's name, merges the two. */
  'tags.rename': z.object({ tagId: id, name: tagName }).strict(),
  /** Deletes a tag from every conversation (the conversations stay). */
  'tags.delete': z.object({ tagId: id }).strict(),

  'memory.list': z
    .object({
      category: category.optional(),
      pinnedOnly: z.boolean().optional(),
      limit: limit.optional(),
      offset: offset.optional(),
    })
    .strict(),
  'memory.categories': none,
  'memory.search': z.object({ query: text(2000), limit: limit.optional() }).strict(),
  'memory.add': z
    .object({
      content: text(4000),
      category: category.optional(),
      importance: importance.optional(),
      pinned: z.boolean().optional(),
      confirmSecret: z.boolean().optional(),
    })
    .strict(),
  'memory.edit': z
    .object({
      memoryId: id,
      content: text(4000).optional(),
      category: category.optional(),
      importance: importance.optional(),
      pinned: z.boolean().optional(),
      confirmSecret: z.boolean().optional(),
    })
    .strict(),
  'memory.delete': z.object({ memoryId: id }).strict(),
  'memory.undoDelete': z.object({ memoryId: id }).strict(),
  'memory.revert': z
    .object({ memoryId: id, to: z.object({ content: text(4000), category, importance, pinned: z.boolean() }).strict() })
    .strict(),
  'memory.history': z.object({ memoryId: id }).strict(),
  'memory.versions': z.object({ memoryId: id }).strict(),
  'memory.provenance': z.object({ memoryId: id }).strict(),
  'memory.promote': z
    .object({
      messageId: id,
      content: text(4000).optional(),
      category: category.optional(),
      importance: importance.optional(),
      confirmSecret: z.boolean().optional(),
    })
    .strict(),
  /** A short first-person fact drafted from a message, for the user to edit before saving. */
  'memory.distill': z.object({ messageId: id }).strict(),
  /** Pending proposals (the review queue), or every proposal of one conversation (the chat's notes). */
  'memory.proposals': z.object({ conversationId: id.optional() }).strict(),
  'memory.approve': z
    .object({
      proposalId: id,
      content: text(4000).optional(),
      category: category.optional(),
      importance: importance.optional(),
      confirmSecret: z.boolean().optional(),
    })
    .strict(),
  'memory.reject': z.object({ proposalId: id }).strict(),
  'memory.export': none,
  'memory.import': z.object({ json: text(MAX_PAYLOAD_CHARS), allowSecrets: z.boolean().optional() }).strict(),

  'metrics.recent': z.object({ limit: limit.optional() }).strict(),
  'metrics.overview': z.object(metricsFilter).strict(),
  'metrics.export': z.object({ ...metricsFilter, format: z.enum(['csv', 'json']) }).strict(),
  'metrics.diagnostics': none,

  /** "Forget this everywhere", from one of: a memory, a message, typed words. */
  'forget.find': z.object({ memoryId: id.optional(), messageId: id.optional(), text: text(4000).optional() }).strict(),
  /** Removes what the user confirmed of forget.find's candidates, all or nothing. */
  'forget.apply': z
    .object({
      items: z
        .array(z.object({ kind: z.enum(['message', 'summary', 'memory']), id }).strict())
        .min(1)
        .max(1000),
    })
    .strict(),

  /** Encrypted with a passphrase, or plain JSON only when asked for by name. */
  'data.exportAll': z.union([
    z.object({ passphrase: z.string().min(8).max(1024) }).strict(),
    z.object({ plain: z.literal(true) }).strict(),
  ]),
  /** `passphrase` opens an encrypted export (PASSPHRASE_REQUIRED without it). */
  'data.importAll': z.object({ json: text(MAX_IMPORT_CHARS), passphrase: z.string().max(1024).optional() }).strict(),
  /** A large export goes in parts: begin, each part in order, finish (or cancel). */
  'data.importBegin': none,
  'data.importPart': z.object({ importId: id, text: text(IMPORT_PART_CHARS) }).strict(),
  /** An encrypted export is opened here, with its passphrase. */
  'data.importFinish': z.object({ importId: id, passphrase: z.string().max(1024).optional() }).strict(),
  'data.importCancel': z.object({ importId: id }).strict(),
  'security.status': none,
  /** Protects the profile's key with this passphrase from now on (set or change). */
  'security.setPassphrase': z.object({ passphrase: z.string().min(8).max(1024) }).strict(),
  /** Back to the OS keychain (only where one is reachable). */
  'security.removePassphrase': none,
  /** Keeps the vector index in memory only (nothing of it on disk; rebuilt at each start), or on disk. */
  'security.keepVectorsInMemory': z.object({ inMemory: z.boolean() }).strict(),
  /** Only the exact word the user typed in the confirmation dialog deletes anything. */
  'data.deleteAll': z.object({ confirm: z.literal('DELETE') }).strict(),

  /** Why the profile could not be opened (the start-up problem screen), or null when it is open. */
  'profile.problem': none,
  /** One of the ways out the problem offers; a backup is named by its file name in backups/. */
  'profile.recover': z
    .object({
      action: z.enum([
        'restore-backup',
        'recover-readable',
        'start-fresh',
        'enter-passphrase',
        'choose-passphrase',
        'try-again',
      ]),
      backup: z.string().min(1).max(300).optional(),
      /** For enter-passphrase / choose-passphrase only. */
      passphrase: z.string().min(1).max(1024).optional(),
    })
    .strict(),
} as const;

export type MethodName = keyof typeof methodInputs;
export type MethodInput<M extends MethodName> = z.input<(typeof methodInputs)[M]>;
/** A method's input as its handler receives it: validated, defaults applied. */
export type ValidInput<M extends MethodName> = z.output<(typeof methodInputs)[M]>;

export const METHOD_NAMES = Object.keys(methodInputs) as MethodName[];

export interface AppStatus {
  ollama: {
    reachable: boolean;
    host: string;
    version: string | null;
    chatModelInstalled: boolean;
    embeddingModelInstalled: boolean;
    error: SerializedError | null;
  };
  chroma: { state: 'stopped' | 'starting' | 'ready' | 'not-responding' | 'restarting' };
  indexing: {
    pending: number;
    lastError: SerializedError | null;
    job: { job: string; model: string; done: number; total: number } | null;
    /** A change of embedding model under way, or the last one that failed (and why) until the next is saved. */
    embeddingSwitch: { model: string; state: 'building' | 'failed'; error: SerializedError | null } | null;
  };
  dataDir: string;
  chatModel: string;
  embeddingModel: string;
  /** How the chat model keeps memory: it saves through tool calls, or (no tool support) facts are extracted after a chat goes quiet. */
  memoryMode: 'tools' | 'extraction' | 'unknown';
}

/** The context one reply was answered with, rebuilt from the record kept with it. */
export interface TurnContextView {
  messageId: string;
  conversationId: string;
  /** When the prompt was put together (ms). */
  at: number;
  context: ContextView;
}

/** Why a Remember draft is the message as written: the model could not be asked (and why), or found no fact in it. */
export type DraftReason = { code: 'modelFailed'; error: SerializedError } | { code: 'noFact' };

/** A tool a reply used, as the chat notes it under the reply. */
export interface ToolUse {
  name: string;
  ok: boolean;
}

/** A draft measured against the prompt: what the message with the system prompt needs, and what the prompt may use. */
export interface DraftMeasure {
  tokens: number;
  available: number;
}

export {
  chatEvent,
  contextView,
  type ChatEvent,
  type ChatEventType,
  type ContextItemView,
  type ContextView,
} from './chat-events';

/** What a model can be used for, from Ollama's capabilities. */
export type ModelKind = 'chat' | 'embedding' | 'other';

export interface ModelInfo {
  name: string;
  sizeBytes: number;
  modifiedAt: string;
  family: string;
  /** "3.2B"; '' when Ollama does not say. */
  parameterSize: string;
  /** "Q4_K_M"; '' when Ollama does not say. */
  quantization: string;
  /** Ollama's own words: completion, tools, embedding, vision, … (empty when it could not say). */
  capabilities: string[];
  kind: ModelKind;
  supportsTools: boolean;
}

export interface ImportCounts {
  conversations: number;
  messages: number;
  summaries: number;
  memories: number;
  /** Set when the file came from another app (absent for a Mnemo export). */
  from?: 'chatgpt' | 'open-webui';
  /**
   * What an import from another app left out: conversations already here or with no text, parts that were not text,
   * and messages longer than sending allows (kept up to that length).
   */
  skipped?: { alreadyImported: number; empty: number; nonTextParts: number; shortened: number };
}

export interface SettingsView {
  ollamaHost: string;
  chatModel: string;
  embeddingModel: string;
  contextLength: number | null;
  reservedOutputTokens: number;
  chunkTokens: number;
  idleSummaryMs: number;
  crossConversationDefault: boolean;
  systemPrompt: string;
  /** Memories the model saves: 'ask' queues them for review, 'auto' saves at once. */
  memorySaveMode: 'ask' | 'auto';
  metricsRetentionDays: number;
  metricsMaxTurns: number;
  dataDir: string;
  pendingEmbeddingModel: string | null;
}

/** How the profile is encrypted and what protects its key. */
export interface SecurityStatus {
  encrypted: boolean;
  protection: 'keychain' | 'passphrase' | 'fixed' | 'none';
  keychainAvailable: boolean;
  /** The vector index is held in memory only and rebuilt at each start (no vectors on disk). */
  vectorIndexInMemory: boolean;
}

export interface MethodOutputs {
  'app.status': AppStatus;
  'models.list': ModelInfo[];
  'models.pull': ModelPullView;
  'models.cancelPull': { cancelled: boolean };
  'models.delete': { deleted: true };
  'settings.get': SettingsView;
  'settings.update': SettingsView;
  'chat.send': { conversationId: string; userMessage: Message; assistantMessageId: string };
  'chat.stop': { stopped: boolean };
  'chat.regenerate': { conversationId: string; userMessage: Message; assistantMessageId: string };
  'chat.editLast': { conversationId: string; userMessage: Message; assistantMessageId: string };
  'chat.lastContext': ContextView | null;
  'chat.dryRun': ContextView;
  'chat.turnContext': TurnContextView | null;
  'chat.toolUses': Record<string, ToolUse[]>;
  'chat.measure': DraftMeasure;
  'conversations.list': Conversation[];
  'conversations.get': Conversation;
  'conversations.messages': Message[];
  'conversations.rename': Conversation;
  'conversations.setPinned': Conversation;
  'conversations.setArchived': Conversation;
  'conversations.setCrossConversation': Conversation;
  'conversations.delete': { deleted: true; memoriesDeleted: number };
  'conversations.memories': Memory[];
  'conversations.keep': Conversation;
  'conversations.export': { filename: string; mimeType: string; content: string };
  'messages.delete': { deleted: true };
  'conversations.branches': BranchPoint[];
  'conversations.showBranch': Message[];
  'conversations.branchFrom': { conversationId: string; messages: Message[] };
  'search.messages': SearchHit[];
  'tags.list': TagsOverview;
  'tags.add': { tag: Tag; tags: Tag[] };
  'tags.remove': { tags: Tag[] };
  'tags.rename': Tag;
  'tags.delete': { deleted: true };
  'memory.list': Memory[];
  'memory.categories': string[];
  'memory.search': { memory: Memory; score: number }[];
  'memory.add': { memory: Memory; outcome: 'created' | 'merged'; previous: Memory | null };
  'memory.edit': Memory;
  'memory.delete': Memory;
  'memory.undoDelete': Memory;
  'memory.revert': Memory;
  'memory.history': MemoryHistoryEntry[];
  'memory.versions': MemoryVersion[];
  'memory.provenance': { message: Message | null; conversation: Conversation | null };
  'memory.promote': { memory: Memory; outcome: 'created' | 'merged'; previous: Memory | null };
  /** `distilled` false: Ollama could not be asked, `content` is the message as written (`reason` says why). */
  'memory.distill': {
    content: string;
    category: string;
    distilled: boolean;
    reason: DraftReason | null;
    /** Kinds of secret the draft seems to hold, so the dialog can warn before saving. */
    secrets: SecretKind[];
  };
  'memory.proposals': MemoryProposal[];
  'memory.approve': { proposal: MemoryProposal; memory: Memory; outcome: 'created' | 'merged' };
  'memory.reject': MemoryProposal;
  'memory.export': { filename: string; content: string };
  'memory.import': {
    added: number;
    merged: number;
    /** Already kept exactly so: left untouched. */ unchanged: number;
    skipped: number;
    /** Held back because they look like secrets (import again with allowSecrets to keep them). */ secrets: number;
  };
  'forget.find': { statement: string; candidates: ForgetCandidate[] };
  'forget.apply': { messages: number; summaries: number; memories: number };
  'data.exportAll': { filename: string; mimeType: string; content: string };
  'data.importAll': ImportCounts;
  'data.importBegin': { importId: string };
  'data.importPart': { receivedChars: number };
  'data.importFinish': ImportCounts;
  'data.importCancel': { cancelled: true };
  'data.deleteAll': { deleted: true };
  'profile.problem': ProfileProblem | null;
  'profile.recover': RecoveryOutcome;
  'security.status': SecurityStatus;
  'security.setPassphrase': SecurityStatus;
  'security.removePassphrase': SecurityStatus;
  'security.keepVectorsInMemory': SecurityStatus;
  'metrics.recent': TurnFigures[];
  'metrics.overview': MonitoringOverview;
  'metrics.export': { filename: string; mimeType: string; content: string };
  'metrics.diagnostics': { content: string };
}

const progress = { done: z.number().int().min(0), total: z.number().int().min(0) };
/** An import's progress: entries read so far (total unknown while reading), then messages written of all. */
const importProgress = z.object({ phase: z.enum(['reading', 'writing']), ...progress }).strict();
export type ImportProgressEvent = z.infer<typeof importProgress>;

/** A model download's state, sent as it changes and answered by models.pull at the end. */
const modelPull = z
  .object({
    model: z.string(),
    state: z.enum(['pulling', 'done', 'failed', 'cancelled']),
    /** Where the download is (Ollama's "pulling manifest" is 'starting', "verifying sha256 digest" 'verifying', …). */
    step: z.enum(['starting', 'downloading', 'verifying', 'finishing']),
    completedBytes: z.number().min(0),
    totalBytes: z.number().min(0),
    /** Recent download speed; null until measurable. */
    bytesPerSecond: z.number().min(0).nullable(),
    error: z.custom<SerializedError>((value) => typeof value === 'object' && value !== null).nullable(),
  })
  .strict();
export type ModelPullView = z.infer<typeof modelPull>;

/** Every event pushed to the renderer, with the schema of its payload (like `methodInputs`). */
export const eventPayloads = {
  chat: chatEvent,
  status: z.custom<AppStatus>((value) => typeof value === 'object' && value !== null),
  /** A whole-index job (rebuild or re-embed) and how far it is. */
  'index-progress': z.object({ job: z.string(), model: z.string(), ...progress }).strict(),
  'summary-written': z
    .object({
      conversationId: z.string(),
      summary: z.custom<Summary>((value) => typeof value === 'object' && value !== null),
    })
    .strict(),
  'import-progress': importProgress,
  'model-pull': modelPull,
} as const;

export type EventName = keyof typeof eventPayloads;
export type EventPayloads = { [E in EventName]: z.infer<(typeof eventPayloads)[E]> };

/** The reply envelope both transports carry. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: SerializedError };

/** What the preload exposes as `window.mnemo`, and what the WebSocket client implements. */
export interface MnemoBridge {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutputs[M]>;
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
}

export { IPC_CHANNEL } from './channels';
