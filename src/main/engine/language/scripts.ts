// Which scripts are written without spaces between words, and how their words are found.
// Han, kana and Hangul are indexed a character at a time and searched as phrases of characters
// (the way Lucene's CJK analyzers and Signal Desktop's FTS5 tokenizer index them): a phrase
// finds every occurrence whatever word boundaries a segmenter would have drawn around it, and
// ICU's dictionary draws them differently in a short query than in a sentence (米娅 alone is
// 米/娅; ミア is ミ/ア). Thai, Lao, Khmer and Burmese letters mean nothing alone, so their
// words come from ICU's dictionary through Intl.Segmenter, the same way for text and queries.

const IDEOGRAPHIC_CLASS = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Hangul}\\u30fc';
const SEGMENTED_CLASS = '\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}';

export const IDEOGRAPHIC_RUN = new RegExp(`[${IDEOGRAPHIC_CLASS}]+`, 'gu');
export const SEGMENTED_RUN = new RegExp(`[${SEGMENTED_CLASS}]+`, 'gu');
/** Pieces of a word: a run of ideographs, a run of a segmented script, or anything else. */
export const SCRIPT_PIECE = new RegExp(
  `[${IDEOGRAPHIC_CLASS}]+|[${SEGMENTED_CLASS}]+|[^${IDEOGRAPHIC_CLASS}${SEGMENTED_CLASS}]+`,
  'gu',
);
export const NEEDS_SEGMENTING = new RegExp(`[${IDEOGRAPHIC_CLASS}${SEGMENTED_CLASS}]`, 'u');

const STARTS_IDEOGRAPHIC = new RegExp(`^[${IDEOGRAPHIC_CLASS}]`, 'u');
const STARTS_SEGMENTED = new RegExp(`^[${SEGMENTED_CLASS}]`, 'u');
export const isIdeographic = (piece: string): boolean => STARTS_IDEOGRAPHIC.test(piece);
export const isSegmentedScript = (piece: string): boolean => STARTS_SEGMENTED.test(piece);

const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** Words of a run of text by ICU's dictionary, with their offsets in it. */
export function dictionaryWords(run: string): { at: number; text: string }[] {
  const words: { at: number; text: string }[] = [];
  for (const s of segmenter.segment(run)) if (s.isWordLike) words.push({ at: s.index, text: s.segment });
  return words;
}
