// Why each item is in the prompt, in the words the context inspector shows: plain sentences,
// no scores, no internal names. One place, so every section speaks the same way. Reasons never
// quote stored text: they are kept with each turn's record (store/turn-contexts.ts), and a
// deleted message or memory must leave none of its words behind.
import type { MemorySearchHit } from '../memory';
import type { RetrievedChunk } from '../retrieval/retriever';
import { closeInMeaning } from '../retrieval/relevance';

export const REASONS = {
  system: 'Your system prompt, sent with every message.',
  user: 'Your message.',
  corePinned: 'A memory you pinned, sent with every message.',
  recent: 'One of the latest turns of this chat.',
  recentStopped: 'One of the latest turns of this chat (its reply was stopped).',
  memoryUnrelated: 'Not closely related to your message; included because there was room.',
  replyToFound: 'The reply to a message found above, for context.',
  questionOfFound: 'The question a reply found above answered, for context.',
  turnBeforeFound: 'The reply a message found above followed up on, for context.',
  turnAfterFound: 'The next message after a reply found above, for context.',
  supersededSuffix: 'It states an older value that a memory has since replaced.',
} as const;

export function toolsReason(count: number): string {
  return `Describes the ${count} ${count === 1 ? 'tool' : 'tools'} the model may use, sent with every message.`;
}

export function summaryReason(firstSeq: number, lastSeq: number, trigger: 'overflow' | 'idle' | 'end'): string {
  const why =
    trigger === 'overflow'
      ? 'written when the chat grew too long for the model'
      : trigger === 'idle'
        ? 'written while the chat was quiet'
        : 'written when the chat was closed';
  return `A summary of earlier turns of this chat (turns ${firstSeq} to ${lastSeq}), ${why}.`;
}

/** Why a memory found by search is in: relevant only when it clears the floor or shares words. */
export function memoryReason(hit: Pick<MemorySearchHit, 'relevant' | 'similarity' | 'keywordRank'>): string {
  if (!hit.relevant) return REASONS.memoryUnrelated;
  return `Relevant to your message: ${matchWords(closeInMeaning(hit.similarity), hit.keywordRank !== null)}.`;
}

/** Why a retrieved excerpt is in: how it matched, and where it comes from. */
export function excerptReason(
  hit: Pick<RetrievedChunk, 'similarity' | 'keywordRank' | 'episodeRank' | 'fromCurrentConversation' | 'copies'>,
): string {
  const close = closeInMeaning(hit.similarity);
  const words = hit.keywordRank !== null;
  const where = hit.fromCurrentConversation ? 'Earlier in this chat' : 'From another chat';
  const how =
    close || words
      ? `${matchWords(close, words)}`
      : hit.episodeRank !== null
        ? SAME_OCCASION
        : 'found by the search, though not closely related to your message';
  const repeats = hit.copies > 1 ? ` Said ${hit.copies} times; the newest is shown.` : '';
  return `${where}: ${how}.${repeats}`;
}

/** An excerpt found only by its episode (retrieval/episodes.ts): the talk around it matches, it does not. */
export const SAME_OCCASION = 'said on an occasion whose talk as a whole matches your message';

/** `part` counts from 1. */
export function partOfMessageReason(part: number): string {
  return `Part ${part} of a long message found above, for context.`;
}

export function withSuperseded(reason: string): string {
  return `${reason} ${REASONS.supersededSuffix}`;
}

function matchWords(close: boolean, words: boolean): string {
  if (close && words) return 'close in meaning to your message and shares words with it';
  if (close) return 'close in meaning to your message';
  return 'shares words with your message';
}
