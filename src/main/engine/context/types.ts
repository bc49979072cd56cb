// What the context assembler produces. Every item says which section it is in, why it is
// there, what it costs and where it came from: the context inspector and the recall
// evaluation read exactly this.

import type { ChatMessage, ChatTool } from '../llm/types';
import { CONTEXT_SECTIONS, type ContextSection } from '../../../shared/context-sections';
import type { ContextReason } from '../../../shared/context-reasons';

export type { ContextSection };
export const SECTIONS: readonly ContextSection[] = CONTEXT_SECTIONS;

export interface ContextSource {
  conversationId?: string;
  messageId?: string;
  chunkIds?: string[];
  memoryId?: string;
  summaryId?: string;
  /** Messages a summary covers. */
  coveredMessageIds?: string[];
}

export interface ContextItem {
  section: ContextSection;
  text: string;
  /** Tokens this item adds to the prompt, formatting included. */
  tokens: number;
  /** Relevance where it was ranked (fused retrieval score); null for items that are always in. */
  score: number | null;
  reason: ContextReason;
  source: ContextSource;
  /** When the source was written (ms), where it has one. */
  timestamp?: number;
  /** An excerpt stating a value this memory has since replaced (labelled "said on …" in the prompt). */
  supersededBy?: { memoryId: string; current: string };
}

export type { ChatMessage, ChatTool } from '../llm/types';

export interface ContextBudget {
  /** The model's window. */
  contextLength: number;
  reservedOutput: number;
  /** contextLength − reservedOutput: what the prompt may use. */
  available: number;
  used: number;
  bySection: Record<ContextSection, number>;
}

export interface AssembledContext {
  conversationId: string | null;
  query: string;
  messages: ChatMessage[];
  tools: ChatTool[];
  items: ContextItem[];
  budget: ContextBudget;
  /** Unsummarised history of this conversation and the share it may take. */
  history: { unsummarisedTokens: number; share: number; overflowing: boolean };
  timings: { embedMs: number; retrieveMs: number; totalMs: number };
  /** Whether vector retrieval was used or keyword only (Ollama or Chroma unavailable). */
  retrievalMode: 'hybrid' | 'keyword';
}
