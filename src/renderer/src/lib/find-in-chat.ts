// Find in the open chat: where a query occurs in the conversation's messages (every message,
// loaded or rendered or not, so the count is the chat's), and moving from hit to hit. Pure, so
// a 10,000-message chat is searched here once per keystroke, without touching the page.
import type { Message } from '../../../shared/domain';
import { t } from '../i18n';

export interface FindHit {
  messageId: string;
  /** Which occurrence in that message, from 0. */
  occurrence: number;
}

const folded = new WeakMap<Message, string>();

/** Case-insensitive start offsets of `query` in `text` (non-overlapping). */
export function occurrences(text: string, query: string): number[] {
  const needle = query.toLowerCase();
  if (!needle) return [];
  const haystack = text.toLowerCase();
  const found: number[] = [];
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) found.push(at);
  return found;
}

/** Every hit of `query` in `messages`, in reading order. */
export function findHits(messages: readonly Message[], query: string): FindHit[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const hits: FindHit[] = [];
  for (const message of messages) {
    let text = folded.get(message);
    if (text === undefined) folded.set(message, (text = message.content.toLowerCase()));
    let occurrence = 0;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length))
      hits.push({ messageId: message.id, occurrence: occurrence++ });
  }
  return hits;
}

/** The hit after (or before) `current`, wrapping around the ends. */
export function stepHit(current: number, count: number, direction: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}

/** "3 of 12", or why there is nothing to show. */
export function hitCountText(current: number, count: number, query: string): string {
  if (!query.trim()) return '';
  if (count === 0) return t('find.none');
  return t('find.count', { current: current + 1, count });
}
