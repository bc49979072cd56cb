// Folding shared by the keyword index and its queries, beyond what SQLite's unicode61 tokenizer
// does itself (case, and accents with remove_diacritics 2): compatibility forms (full-width
// letters and digits, half-width kana, ligatures) and the Latin letters that have no accent to
// remove, written the way people type them on a plain keyboard (ß → ss, æ → ae, ø → o, …).

const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
};
const FOLDED_LETTER = /[ßẞæÆœŒøØłŁđĐðÐþÞı]/gu;
// eslint-disable-next-line no-control-regex -- NUL counts as ASCII here: it needs no index copy
const ASCII_ONLY = /^[\u0000-\u007f]*$/u;

/** The text with compatibility forms and accentless letters folded; ASCII text is returned as it is. */
export function fold(text: string): string {
  if (ASCII_ONLY.test(text)) return text;
  return text.normalize('NFKC').replace(FOLDED_LETTER, (letter) => LETTERS[letter] ?? letter);
}

/** Folded the whole way (case and accents too), for comparing words in JS as the index compares tokens. */
export function foldFully(text: string): string {
  return fold(text).toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
}
