// Rules for what a memory may contain, shared by the user's edits and the model's tool calls.
import { refusal } from '../problems';

export const MAX_MEMORY_CHARS = 4000;
export const MAX_CATEGORY_CHARS = 40;
export const DEFAULT_CATEGORY = 'general';
export const DEFAULT_IMPORTANCE = 3;

export interface CleanMemory {
  content: string;
  category: string;
  importance: number;
}

/** NUL is dropped from a memory's content and its category alike: neither is shown or searched with it. */
const withoutNul = (text: string) => text.replaceAll('\u0000', '');

export function normalizeMemoryInput(input: { content: string; category?: string; importance?: number }): CleanMemory {
  const content = withoutNul(input.content).trim();
  if (!content) throw refusal({ code: 'memoryEmpty' }, { field: 'content' });
  if (content.length > MAX_MEMORY_CHARS) {
    throw refusal({ code: 'memoryTooLong', max: MAX_MEMORY_CHARS, length: content.length }, { field: 'content' });
  }
  const category =
    withoutNul(input.category ?? DEFAULT_CATEGORY)
      .trim()
      .toLowerCase()
      .slice(0, MAX_CATEGORY_CHARS) || DEFAULT_CATEGORY;
  const importance = input.importance ?? DEFAULT_IMPORTANCE;
  if (!Number.isInteger(importance) || importance < 1 || importance > 5) {
    throw refusal({ code: 'importanceRange' }, { field: 'importance', value: importance });
  }
  return { content, category, importance };
}

/** Jaccard similarity of the two texts' word sets: a cheap, offline near-duplicate test. */
export function textSimilarity(a: string, b: string): number {
  const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const x = words(a);
  const y = words(b);
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}
