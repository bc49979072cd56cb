// The words of a stored text with their offsets, split as the keyword index splits them, for
// snippets made in JS (the index reads a segmented, folded copy, so SQLite's snippet() would
// show that copy instead of what was written).
import { SCRIPT_PIECE, dictionaryWords, isIdeographic, isSegmentedScript } from './scripts';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu;

export interface IndexWord {
  at: number;
  text: string;
}

export function indexWords(text: string): IndexWord[] {
  const words: IndexWord[] = [];
  for (const match of text.matchAll(WORD)) {
    let at = match.index;
    for (const piece of match[0].match(SCRIPT_PIECE) ?? []) {
      if (isIdeographic(piece)) {
        let offset = at;
        for (const char of piece) {
          words.push({ at: offset, text: char });
          offset += char.length;
        }
      } else if (isSegmentedScript(piece)) {
        for (const w of dictionaryWords(piece)) words.push({ at: at + w.at, text: w.text });
      } else {
        words.push({ at, text: piece });
      }
      at += piece.length;
    }
  }
  return words;
}
