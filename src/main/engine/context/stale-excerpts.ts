// Excerpts of old chats that state a value a memory in this prompt has since replaced ("Mia is
// 7" when the memory now says "Mia is 8"): they are labelled with the day they were said and
// what holds now, and placed after the other excerpts, so the model reads them as history.
import { statesOldValue, supersededValues } from '../memory';
import type { Store } from '../store';
import { withSuperseded } from './reasons';
import type { ContextItem } from './types';

export interface Replacement {
  memoryId: string;
  current: string;
  old: string;
}

/** The older values of the memories in the prompt (only memories edited since they were made are read). */
export function replacementsOf(store: Store, memoryItems: readonly ContextItem[]): Replacement[] {
  const replacements: Replacement[] = [];
  for (const item of memoryItems) {
    const memory = item.source.memoryId ? store.memories.find(item.source.memoryId) : undefined;
    if (!memory || memory.updatedAt === memory.createdAt) continue;
    for (const version of supersededValues(memory, store.memories.history(memory.id)))
      replacements.push({ memoryId: memory.id, current: memory.content, old: version.content });
  }
  return replacements;
}

/**
 * Marks each excerpt that states an old value with what replaced it, and orders the excerpts:
 * current ones first (as given), then the superseded ones. `extraTokens` is what the longer
 * header costs; an excerpt it does not fit for is left out (it was out of date anyway).
 */
export function labelSuperseded(
  excerpts: readonly ContextItem[],
  replacements: readonly Replacement[],
  extraTokens: (item: ContextItem) => number,
  take: (tokens: number) => boolean,
): ContextItem[] {
  if (replacements.length === 0) return [...excerpts];
  const current: ContextItem[] = [];
  const superseded: ContextItem[] = [];
  for (const item of excerpts) {
    const replaced = replacements.find((r) => statesOldValue(item.text, r.old, r.current));
    if (!replaced) {
      current.push(item);
      continue;
    }
    const labelled: ContextItem = {
      ...item,
      supersededBy: { memoryId: replaced.memoryId, current: replaced.current },
      reason: withSuperseded(item.reason),
    };
    const extra = extraTokens(labelled);
    if (!take(extra)) continue;
    superseded.push({ ...labelled, tokens: labelled.tokens + extra });
  }
  return [...current, ...superseded];
}
