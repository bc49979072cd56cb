// A search snippet made in JS from the stored text, for rows SQLite's snippet() would show
// wrongly: text that holds NUL (snippet() builds its result with C strings, so everything
// after a NUL is cut off) and text indexed through a segmented, folded copy (snippet() would
// show the copy). Words are split as the index splits them; a query term of several tokens
// (a phrase) highlights where its tokens stand in a row. Latin words match by prefix (FTS5
// stems, so a highlight may be missed; the window still shows), irregular past forms by their
// base form, as the index holds them ("went" is a hit for "go").
import { baseForm, foldFully, indexWords } from '../language';
import { ftsTerms } from '../retrieval/keyword-query';

export function plainSnippet(text: string, query: string, [open, close]: [string, string], maxWords = 16): string {
  const clean = text.replaceAll('\u0000', ' ');
  const words = indexWords(clean).map((w) => ({ ...w, folded: baseForm(foldFully(w.text)), hit: false }));
  if (words.length === 0) return clean.slice(0, 200);
  const phrases = ftsTerms(query).map((term) => term.split(' ').map(foldFully));
  words.forEach((_, i) => {
    for (const phrase of phrases) {
      if (phrase.every((token, k) => words[i + k]?.folded.startsWith(token)))
        phrase.forEach((_, k) => (words[i + k]!.hit = true));
    }
  });
  const first = Math.max(
    0,
    words.findIndex((w) => w.hit),
  );
  const start = Math.max(0, Math.min(first - 4, words.length - maxWords));
  const shown = words.slice(start, start + maxWords);
  let out = start > 0 ? '…' : '';
  let cursor = shown[0]!.at;
  shown.forEach((w, i) => {
    // Hit words with nothing between them (a phrase of ideographs) share one pair of markers.
    const joinsPrevious = w.hit && shown[i - 1]?.hit === true && w.at === cursor;
    const joinsNext = w.hit && shown[i + 1]?.hit === true && shown[i + 1]!.at === w.at + w.text.length;
    out +=
      clean.slice(cursor, w.at) + (w.hit && !joinsPrevious ? open : '') + w.text + (w.hit && !joinsNext ? close : '');
    cursor = w.at + w.text.length;
  });
  return out + (start + maxWords < words.length ? '…' : clean.slice(cursor));
}
