// A typed word as keyword-index terms, split and folded the way index-text.ts splits and folds
// the stored text. A term of several tokens is searched as a phrase (its tokens in a row).
import { baseForms } from './base-forms';
import { fold } from './fold';
import { SCRIPT_PIECE, dictionaryWords, isIdeographic, isSegmentedScript } from './scripts';

/**
 * Folded and lower-cased as the index compares words (unicode61 then removes accents itself),
 * irregular past forms as their base form as the index holds them (base-forms.ts).
 */
export const foldQuery = (text: string): string => baseForms(fold(text).toLowerCase());

/**
 * The terms one typed word (already folded) stands for. A run of ideographs gives its
 * dictionary words, each a phrase of its characters. Where the dictionary found only single
 * characters in a row (names and words it does not know: 米娅 is 米/娅, ミア is ミ/ア, and
 * 米娅几岁 is four), each two neighbours become a phrase, as CJK bigram search does: the name
 * is found wherever it stands, and a row of mere shared characters is not a match.
 */
export function wordTerms(word: string): string[] {
  const pieces = word.match(SCRIPT_PIECE) ?? [];
  if (pieces.length === 1 && !isIdeographic(word) && !isSegmentedScript(word)) return [word];
  return pieces.flatMap((piece) => {
    if (isSegmentedScript(piece)) return dictionaryWords(piece).map((w) => w.text);
    if (isIdeographic(piece)) return ideographTerms(piece);
    return [piece];
  });
}

function ideographTerms(run: string): string[] {
  const terms: string[] = [];
  let singles: string[] = [];
  const flush = () => {
    if (singles.length === 1) terms.push(singles[0]!);
    for (let i = 0; i + 1 < singles.length; i++) terms.push(`${singles[i]} ${singles[i + 1]}`);
    singles = [];
  };
  for (const word of dictionaryWords(run)) {
    const chars = [...word.text];
    if (chars.length === 1) {
      singles.push(chars[0]!);
    } else {
      flush();
      terms.push(chars.join(' '));
    }
  }
  flush();
  return terms;
}
