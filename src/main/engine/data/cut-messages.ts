// Imported messages and summaries are cut into chunks before their write transaction, the
// way `chat.send` cuts a message: by `chunkTextInSlices`, which gives the event loop a turn
// every few milliseconds. A batch of very long texts (up to a million characters each) is
// then never tokenized in one go while every other call waits.
import { storedText, type TextPiece } from '../store';

/** Cuts one text into chunk pieces, letting other work run meanwhile (the engine passes `chunkTextInSlices`). */
export type CutText = (text: string) => Promise<TextPiece[]>;

/** Each text's pieces, cut one after another, as each will be stored (lone surrogates replaced). */
export async function cutEach(texts: readonly string[], cutText: CutText): Promise<TextPiece[][]> {
  const cut: TextPiece[][] = [];
  for (const text of texts) cut.push(await cutText(storedText(text)));
  return cut;
}
