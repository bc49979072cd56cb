// What the keyword index reads for a text: words of scripts without spaces separated by
// spaces, the text folded (fold.ts), and irregular past forms as their base form (went → go,
// base-forms.ts). The stored text itself is never changed; this copy is kept beside it only
// when it differs, so text that needs none of it (most Latin-script text, and English without
// an irregular past form) is indexed exactly as before and costs nothing more.
import { baseForms } from './base-forms';
import { fold } from './fold';
import { IDEOGRAPHIC_RUN, NEEDS_SEGMENTING, SEGMENTED_RUN, dictionaryWords } from './scripts';

/** The text the keyword index should read instead of `text`, or null when that is `text` itself. */
export function indexText(text: string): string | null {
  // ASCII text is folded as it is (`fold` returns it) and holds nothing to segment.
  const folded = baseForms(fold(text));
  const spaced = NEEDS_SEGMENTING.test(folded)
    ? folded
        .replace(IDEOGRAPHIC_RUN, (run) => ` ${[...run].join(' ')} `)
        .replace(
          SEGMENTED_RUN,
          (run) =>
            ` ${dictionaryWords(run)
              .map((w) => w.text)
              .join(' ')} `,
        )
    : folded;
  return spaced === text ? null : spaced;
}
