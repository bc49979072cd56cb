// When a statement replaces an older one about the same thing ("Mia is 7" → "Mia is 8"), by
// word sets: cheap, offline, and strict enough that two different facts rarely look like one.

const WORD = /[\p{L}\p{N}]+/gu;
/** Words that say nothing about what a statement is about. */
const FILLER = new Set([
  'a',
  'an',
  'the',
  'is',
  'are',
  'was',
  'were',
  'am',
  'be',
  'i',
  'my',
  'me',
  'user',
  'users',
  's',
  'has',
  'have',
  'to',
  'of',
  'in',
  'on',
  'and',
  'now',
  'years',
  'year',
  'old',
]);

export function words(text: string): Set<string> {
  return new Set(text.toLowerCase().match(WORD) ?? []);
}

const subject = (set: Set<string>) => [...set].filter((w) => !FILLER.has(w));

/**
 * True when `next` says the same thing as `previous` with another value: the same words but
 * for one or two (never the first), as many words, and a kept word that names the subject.
 */
export function restatesWithNewValue(previous: string, next: string): boolean {
  const a = previous.toLowerCase().match(WORD) ?? [];
  const b = next.toLowerCase().match(WORD) ?? [];
  if (a.length !== b.length || a.length < 3) return false;
  const changed = a.filter((word, i) => word !== b[i]).length;
  // The statement opens with what it is about ("Mia is 7"): another opening is another subject.
  if (a[0] !== b[0]) return false;
  if (changed === 0 || changed > Math.min(2, Math.floor(a.length / 3))) return false;
  const kept = new Set(a.filter((word, i) => word === b[i]));
  return subject(kept).length > 0;
}

/**
 * True when `text` (an excerpt of an old chat) states the `old` value of a statement whose
 * current value is `current`: it has the old value's own words and one of the subject's, and
 * not all of the new value's own words.
 */
export function statesOldValue(text: string, old: string, current: string): boolean {
  const before = words(old);
  const after = words(current);
  const oldOwn = [...before].filter((w) => !after.has(w));
  const newOwn = [...after].filter((w) => !before.has(w));
  const shared = subject(new Set([...before].filter((w) => after.has(w))));
  if (oldOwn.length === 0 || shared.length === 0) return false;
  const said = words(text);
  if (!oldOwn.every((w) => said.has(w)) || !shared.some((w) => said.has(w))) return false;
  return newOwn.length === 0 || !newOwn.every((w) => said.has(w));
}
