// Why each item is in the prompt: one place decides, for every section, which reason an item
// gets (a code with its values, src/shared/context-reasons.ts); the renderer words it in the
// UI's language. Reasons carry no scores and never quote stored text.
import type { ContextReason } from '../../../shared/context-reasons';
import type { MemorySearchHit } from '../memory';
import type { RetrievedChunk } from '../retrieval/retriever';
import { closeInMeaning } from '../retrieval/relevance';

export const REASONS = {
  system: { code: 'system' },
  user: { code: 'user' },
  corePinned: { code: 'corePinned' },
  recent: { code: 'recent', stopped: false },
  recentStopped: { code: 'recent', stopped: true },
  replyToFound: { code: 'neighbour', of: 'replyToFound' },
  questionOfFound: { code: 'neighbour', of: 'questionOfFound' },
  turnBeforeFound: { code: 'neighbour', of: 'turnBeforeFound' },
  turnAfterFound: { code: 'neighbour', of: 'turnAfterFound' },
} as const satisfies Record<string, ContextReason>;

export function toolsReason(count: number): ContextReason {
  return { code: 'tools', count };
}

export function summaryReason(firstSeq: number, lastSeq: number, trigger: 'overflow' | 'idle' | 'end'): ContextReason {
  return { code: 'summary', firstSeq, lastSeq, trigger };
}

/** Why a memory found by search is in: relevant only when it clears the floor or shares words. */
export function memoryReason(hit: Pick<MemorySearchHit, 'relevant' | 'similarity' | 'keywordRank'>): ContextReason {
  return {
    code: 'memory',
    relevant: hit.relevant,
    close: hit.relevant && closeInMeaning(hit.similarity),
    words: hit.relevant && hit.keywordRank !== null,
  };
}

/** Why a retrieved excerpt is in: how it matched, and where it comes from. */
export function excerptReason(
  hit: Pick<
    RetrievedChunk,
    'similarity' | 'keywordRank' | 'episodeRank' | 'timeRank' | 'fromCurrentConversation' | 'copies'
  >,
): ContextReason {
  const close = closeInMeaning(hit.similarity);
  const words = hit.keywordRank !== null;
  return {
    code: 'excerpt',
    here: hit.fromCurrentConversation,
    close,
    words,
    copies: Math.max(1, hit.copies),
    // Found only through its sitting (retrieval/episodes.ts): the talk around it matches, it does not.
    ...(!close && !words && hit.episodeRank !== null ? { occasion: true as const } : {}),
    // Said within a time the message names (retrieval/time-list.ts), whatever else it matched.
    ...(hit.timeRank !== null ? { namedTime: true as const } : {}),
  };
}

/** `part` counts from 1. */
export function partOfMessageReason(part: number): ContextReason {
  return { code: 'partOfMessage', part };
}

/** The reason of an excerpt found to state an older value than a memory now holds. */
export function withSuperseded(reason: ContextReason): ContextReason {
  return reason.code === 'excerpt' || reason.code === 'neighbour' || reason.code === 'partOfMessage'
    ? { ...reason, superseded: true }
    : reason;
}
