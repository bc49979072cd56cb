// English irregular verbs' past forms, indexed and searched as their base form. People ask in
// the present about what was told in the past: "where did I go in May?" about "we went to
// Lisbon", "what did she buy?" about "she bought tiles". The index's Porter stemmer strips
// regular endings (walked, walking → walk) but cannot know that went is go or bought is buy,
// so such a question shared no word with its answer. Both the keyword index's copy of a text
// (index-text.ts) and the query's words (query-words.ts) go through `baseForms`, so they meet.
//
// The verbs are english-verbs-irregular's list (RosaeNLG: 569 verbs with their past and past
// participle). Left out: the forms of be, have and do (was, had, did: function words the keyword
// query drops anyway, which would give nearly every English text an index copy for nothing), and
// a form that is itself a verb of the list (saw, lay), which would merge two verbs.
import verbs from 'english-verbs-irregular/dist/verbs.json' with { type: 'json' };

const FUNCTION_VERBS = new Set(['be', 'have', 'do']);

const BASE_OF: ReadonlyMap<string, string> = (() => {
  const table = verbs as Record<string, string[][]>;
  const map = new Map<string, string>();
  for (const [base, conjugations] of Object.entries(table)) {
    if (FUNCTION_VERBS.has(base)) continue;
    for (const form of conjugations.flat()) {
      if (form === base || form in table || map.has(form) || !/^[a-z]+$/.test(form)) continue;
      map.set(form, base);
    }
  }
  return map;
})();

// Words are runs of ASCII letters: every form in the list is one, and a letter of another
// script next to it makes it part of a different word (as the index splits words).
const WORD = /(?<![\p{L}\p{N}])[A-Za-z]+(?![\p{L}\p{N}])/gu;

/** A lower-cased word's base form: "went" → "go"; any other word as it is. */
export function baseForm(word: string): string {
  return BASE_OF.get(word) ?? word;
}

/** The text with every irregular past form replaced by its base form (lower-cased); the same string when there is none. */
export function baseForms(text: string): string {
  return text.replace(WORD, (word) => BASE_OF.get(word.toLowerCase()) ?? word);
}
