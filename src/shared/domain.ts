// Domain types shared by the engine and the renderer. Plain data only: timestamps are
// milliseconds since the epoch, ids are opaque strings.

export type Role = 'user' | 'assistant';
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'error';
export type ChunkType = 'message' | 'summary';
export type SummaryTrigger = 'overflow' | 'idle' | 'end';
export type MemorySource = 'user' | 'model' | 'promoted';
export type MemoryActor = 'user' | 'model' | 'system';

export interface ConversationSettings {
  /** Retrieve from other conversations; undefined means the app-wide default. */
  crossConversation?: boolean;
}

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  /** Last activity: when the newest message was written. */
  updatedAt: number;
  archived: boolean;
  pinned: boolean;
  /** A temporary chat neither reads nor writes memory. */
  temporary: boolean;
  settings: ConversationSettings;
}

export interface Message {
  /** Also the `response_id` every chunk of this message carries. */
  id: string;
  conversationId: string;
  /** Order of writing in the conversation, from 1; along any one branch it only grows. */
  seq: number;
  /** The message this one follows (null for a first message): messages form a tree. */
  parentId: string | null;
  role: Role;
  content: string;
  status: MessageStatus;
  model: string | null;
  tokenCount: number;
  error: { code: string; message: string } | null;
  createdAt: number;
  updatedAt: number;
}

/** A message of the shown branch that has other versions (siblings under the same parent), all oldest first. */
export interface BranchPoint {
  messageId: string;
  siblingIds: string[];
}

export interface Chunk {
  /** `${responseId}:${chunkIndex}`; also the id in Chroma. */
  id: string;
  conversationId: string;
  responseId: string;
  chunkIndex: number;
  role: Role | 'summary';
  type: ChunkType;
  text: string;
  tokenCount: number;
  archived: boolean;
  createdAt: number;
}

export interface Summary {
  id: string;
  conversationId: string;
  content: string;
  tokenCount: number;
  /** Inclusive range of message `seq` this summary covers. */
  firstSeq: number;
  lastSeq: number;
  trigger: SummaryTrigger;
  model: string | null;
  supersededBy: string | null;
  createdAt: number;
}

export interface Memory {
  id: string;
  content: string;
  category: string;
  /** 1 (trivia) to 5 (essential). */
  importance: number;
  source: MemorySource;
  sourceMessageId: string | null;
  sourceConversationId: string | null;
  /** Core memories are always in the prompt. */
  pinned: boolean;
  tokenCount: number;
  createdAt: number;
  updatedAt: number;
}

/** Who proposed a memory: the model through its tool, or the extraction pass (models without tools). */
export type ProposalOrigin = 'tool' | 'extraction';
export type ProposalStatus = 'pending' | 'approved' | 'rejected';

/** A memory the model proposed, waiting for the user's review (or resolved: then its text is gone). */
export interface MemoryProposal {
  id: string;
  /** Empty once resolved: the text lives on only in the memory, if approved. */
  content: string;
  category: string;
  importance: number;
  origin: ProposalOrigin;
  status: ProposalStatus;
  conversationId: string;
  /** The user message the fact came from, and the start of its text (for the reviewer). */
  sourceMessageId: string;
  sourceExcerpt: string;
  conversationTitle: string;
  /** The reply during which the model proposed it (null for extraction, or once that reply is gone). */
  replyMessageId: string | null;
  /** The memory an approval created or updated. */
  memoryId: string | null;
  createdAt: number;
  resolvedAt: number | null;
}

/** One value a memory held, and when: the current one has `validTo` null. */
export interface MemoryVersion {
  content: string;
  validFrom: number;
  validTo: number | null;
}

export interface MemoryHistoryEntry {
  id: number;
  memoryId: string;
  action: 'create' | 'update' | 'delete' | 'restore' | 'merge';
  actor: MemoryActor;
  before: Partial<Memory> | null;
  after: Partial<Memory> | null;
  at: number;
}

export interface SearchHit {
  chunkId: string;
  conversationId: string;
  responseId: string;
  chunkIndex: number;
  type: ChunkType;
  role: Chunk['role'];
  /** Text with matches wrapped in the markers given to the search (default « »). */
  snippet: string;
  /** Higher is better. */
  score: number;
  createdAt: number;
}

/** Something "Forget this everywhere" found stating the statement, shown for confirmation. */
export interface ForgetCandidate {
  kind: 'message' | 'summary' | 'memory';
  id: string;
  /** The excerpt, summary piece or memory as stored. */
  text: string;
  conversationId: string | null;
  conversationTitle: string | null;
  createdAt: number;
  /** Where it was started from, or why it matched: most of the same words, or close in meaning. */
  match: 'source' | 'words' | 'meaning';
}
