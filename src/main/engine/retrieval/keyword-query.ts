// Turns what a person typed into a safe FTS5 query: words only (FTS5 syntax characters in
// user text would otherwise be errors or operators), stop words dropped, terms capped, OR-ed
// so bm25 ranks documents by how many and how rare the matching terms are. Words are folded
// and split as the index splits them (engine/language): a term of several tokens is a phrase.
import { foldQuery, wordTerms } from '../language';

const STOP_WORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between both but by
   can could did do does doing down during each few for from further had has have having he her here hers herself him
   himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other
   our ours ourselves out over own same she should so some such than that the their theirs them themselves then there
   these they this those through to too under until up very was we were what when where which while who whom why will
   with would you your yours yourself yourselves i'm i've i'd i'll you're it's don't didn't what's tell remember
   know please`
    .split(/\s+/)
    .filter(Boolean),
);

export const MAX_QUERY_TERMS = 16;

export function ftsTerms(text: string): string[] {
  const words = foldQuery(text).match(/[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu) ?? [];
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const raw of words) {
    for (const term of wordTerms(raw.replace(/['’]s$/u, ''))) {
      const word = term.replace(/['’_-]+$/u, '');
      if (word.length < 2 && !/\p{N}|[\u3400-\u9fff]/u.test(word)) continue;
      if (STOP_WORDS.has(word) || seen.has(word)) continue;
      seen.add(word);
      terms.push(word);
    }
  }
  // Longer words are usually the rarer, more telling ones.
  return terms.length <= MAX_QUERY_TERMS
    ? terms
    : [...terms].sort((a, b) => b.length - a.length).slice(0, MAX_QUERY_TERMS);
}

/** An FTS5 MATCH expression, or null when nothing searchable is left. */
export function toFtsQuery(text: string): string | null {
  const terms = ftsTerms(text);
  return terms.length === 0 ? null : matchAny(terms);
}

/**
 * The words worth ranking by when scoring a row costs time: rarest first, while the rows
 * they match (`rows`, an estimate) stay within `maxRows`. bm25 must score every row a word
 * matches, and a word found in thousands of chunks barely moves the ranking (its inverse
 * document frequency is near zero), so it is left out; none may be left when all are common.
 */
export function rankingTerms(terms: readonly string[], rows: (term: string) => number, maxRows: number): string[] {
  if (maxRows === Number.POSITIVE_INFINITY) return [...terms];
  const costed = terms.map((term) => ({ term, rows: rows(term) })).sort((a, b) => a.rows - b.rows);
  const kept: string[] = [];
  let total = 0;
  for (const { term, rows: n } of costed) {
    if (total + n > maxRows) break;
    kept.push(term);
    total += n;
  }
  return kept;
}

/** An FTS5 MATCH expression OR-ing exactly these terms. */
export function matchAny(terms: readonly string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
}
