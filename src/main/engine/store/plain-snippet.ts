// A search snippet made in JS, for chunk text that holds NUL: SQLite's snippet() builds its
// result with C strings, so everything after a NUL is cut off and the snippet misleads.
// Matches by word prefix (FTS5 stems, so a highlight may be missed; the window still shows).
import { ftsTerms } from '../retrieval/keyword-query';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;

export function plainSnippet(text: string, query: string, [open, close]: [string, string], maxWords = 16): string {
  const clean = text.replaceAll('\u0000', ' ');
  const terms = ftsTerms(query);
  const words = [...clean.matchAll(WORD)].map((m) => ({ at: m.index, text: m[0], hit: terms.some((t) => m[0].toLowerCase().startsWith(t)) }));
  if (words.length === 0) return clean.slice(0, 200);
  const first = Math.max(0, words.findIndex((w) => w.hit));
  const start = Math.max(0, Math.min(first - 4, words.length - maxWords));
  const shown = words.slice(start, start + maxWords);
  let out = start > 0 ? '…' : '';
  let cursor = shown[0]!.at;
  for (const w of shown) {
    out += clean.slice(cursor, w.at) + (w.hit ? `${open}${w.text}${close}` : w.text);
    cursor = w.at + w.text.length;
  }
  return out + (start + maxWords < words.length ? '…' : clean.slice(cursor));
}
