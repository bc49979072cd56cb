// Splits a message into chunks of at most `chunkTokens` tokens on natural boundaries:
// paragraphs (not inside ``` fences), then lines, then sentences, then words, and as a last
// resort characters (never inside a surrogate pair). Separators stay attached, so joining
// the chunks in order gives back the original text exactly. Each piece is counted once and
// counts are added while packing; a packed chunk is recounted, since BPE counts are not
// quite additive across a join.
import { MnemoError } from '../../../shared/errors';
import { cl100kCounter, LONG_RUN, type TokenCounter } from './tokens';

export interface Chunk {
  index: number;
  text: string;
  tokenCount: number;
}

export interface ChunkOptions {
  chunkTokens?: number;
  counter?: TokenCounter;
}

export interface SlicedChunkOptions extends ChunkOptions {
  /** Longest stretch of work between two turns of the event loop. */
  sliceMs?: number;
}

export const DEFAULT_CHUNK_TOKENS = 500;

/** Longest string counted before splitting; longer ones are split first (counting is not free). */
const MAX_COUNTED_CHARS = 64_000;

/** Texts shorter than this are cut in one go even by the sliced chunker: they take well under a slice. */
const SLICE_WORTHY_CHARS = 20_000;

const DEFAULT_SLICE_MS = 10;

interface Piece {
  text: string;
  tokens: number;
}

/**
 * The chunking work as steps: it pauses (yields) after each token count, the only costly part,
 * so one driver can run it in one go and another in slices between turns of the event loop.
 */
type Steps<T> = Generator<void, T, void>;

export function chunkText(text: string, options: ChunkOptions = {}): Chunk[] {
  const steps = chunkSteps(text, options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/**
 * As `chunkText`, giving the event loop a turn at least every `sliceMs`: a message of a
 * million characters takes about a second of tokenizing, during which other calls must still
 * be answered. Same chunks as `chunkText`.
 */
export async function chunkTextInSlices(text: string, options: SlicedChunkOptions = {}): Promise<Chunk[]> {
  if (text.length < SLICE_WORTHY_CHARS) return chunkText(text, options);
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  const steps = chunkSteps(text, options);
  let sliceStart = performance.now();
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

function* chunkSteps(text: string, options: ChunkOptions): Steps<Chunk[]> {
  const limit = Math.floor(options.chunkTokens ?? DEFAULT_CHUNK_TOKENS);
  // A limit below one token (or NaN) would silently cut text into single characters.
  if (!(limit >= 1))
    throw new MnemoError('INVALID_INPUT', 'Chunk size must be at least one token.', {
      chunkTokens: options.chunkTokens,
    });
  const counter = options.counter ?? cl100kCounter;
  if (text.length === 0) return [{ index: 0, text: '', tokenCount: 0 }];
  if (text.length <= MAX_COUNTED_CHARS) {
    const whole = yield* count(counter, text);
    if (whole <= limit) return [{ index: 0, text, tokenCount: whole }];
  }
  const pieces = yield* fit(text, 0, limit, counter);
  return (yield* pack(pieces, limit, counter)).map((p, index) => ({ index, text: p.text, tokenCount: p.tokens }));
}

/** One token count, then a pause point. */
function* count(counter: TokenCounter, text: string): Steps<number> {
  const tokens = counter.count(text);
  yield;
  return tokens;
}

/** Joins chunks back into the message; refuses a set with gaps or duplicates. */
export function reassemble(chunks: readonly Pick<Chunk, 'index' | 'text'>[]): string {
  const sorted = [...chunks].sort((a, b) => a.index - b.index);
  sorted.forEach((chunk, i) => {
    if (chunk.index !== i)
      throw new MnemoError('INVALID_INPUT', `Chunk ${i} is missing or duplicated.`, {
        expected: i,
        found: chunk.index,
      });
  });
  return sorted.map((c) => c.text).join('');
}

const LEVELS = [splitParagraphs, splitLines, splitSentences, splitWords] as const;

/** Pieces of `text`, each within the limit, splitting at `level` and finer as needed. */
function* fit(text: string, level: number, limit: number, counter: TokenCounter): Steps<Piece[]> {
  if (text.length <= MAX_COUNTED_CHARS) {
    const tokens = yield* count(counter, text);
    if (tokens <= limit) return [{ text, tokens }];
  }
  if (level >= LEVELS.length) return yield* splitCharacters(text, limit, counter);
  const parts = LEVELS[level]!(text);
  if (parts.length <= 1) return yield* fit(text, level + 1, limit, counter);
  const pieces: Piece[] = [];
  for (const part of parts) pieces.push(...(yield* fit(part, level + 1, limit, counter)));
  return pieces;
}

/** Greedy packing of consecutive pieces up to the limit, verified by a recount. */
function* pack(pieces: Piece[], limit: number, counter: TokenCounter): Steps<Piece[]> {
  const out: Piece[] = [];
  let start = 0;
  while (start < pieces.length) {
    let end = start;
    let sum = 0;
    while (end < pieces.length && (end === start || sum + pieces[end]!.tokens <= limit)) sum += pieces[end++]!.tokens;
    // Recount the join; drop pieces from the end while a cross-boundary merge pushed it over.
    for (;;) {
      const text = pieces
        .slice(start, end)
        .map((p) => p.text)
        .join('');
      const tokens = end - start === 1 ? pieces[start]!.tokens : yield* count(counter, text);
      if (tokens <= limit || end - start === 1) {
        out.push({ text, tokens });
        break;
      }
      end -= 1;
    }
    start = end;
  }
  return out;
}

/** Cuts `text` after each match of `boundary` (the separator stays with the piece before it). */
function cutAfter(text: string, boundary: RegExp, keep: (end: number) => boolean = () => true): string[] {
  const parts: string[] = [];
  let from = 0;
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].length;
    if (end <= from || end >= text.length || !keep(end)) continue;
    parts.push(text.slice(from, end));
    from = end;
  }
  parts.push(text.slice(from));
  return parts;
}

function splitParagraphs(text: string): string[] {
  // Positions of ``` fence lines: a blank line between an opening and a closing fence is code.
  // Cuts are offered in increasing order, so one pointer sweeps the fences (linear, not n²).
  const fences = [...text.matchAll(/^[ \t]*```/gm)].map((m) => m.index);
  let passed = 0;
  const outsideFence = (position: number) => {
    while (passed < fences.length && fences[passed]! < position) passed += 1;
    return passed % 2 === 0;
  };
  // `[^\S\n]` (whitespace but not a newline) also takes the \r of CRLF blank lines.
  return cutAfter(text, /\n[^\S\n]*\n\s*/g, outsideFence);
}

// Only before a line with content: blank lines stay with the line above, so a long run of
// newlines is one piece for the character slicer instead of thousands of one-token pieces.
function splitLines(text: string): string[] {
  return cutAfter(text, /\n(?=[^\S\n]*\S)/g);
}

// Sentences and words are cut before the space that follows them: the tokenizer joins a
// leading space to the next word (" word" is one token), so counts stay additive. The
// lookbehind starts a match only at the first mark of a run: without it a long run of dots
// with no space after it is rescanned from every position (40k dots: 5 s).
function splitSentences(text: string): string[] {
  return cutAfter(text, /(?<![.!?…])[.!?…]+["'”’)\]]*(?=\s)|[。！？]+["'”’」』）]*/gu);
}

function splitWords(text: string): string[] {
  return cutAfter(text, /\S(?=\s)|\s(?=\s\S)/gu);
}

/**
 * Last resort: slices by characters, never inside a surrogate pair. Each slice is sized from
 * the last one's characters per token to land near the limit, so most slices become chunks
 * as they are and are counted once (counting dominates the cost on long runs of CJK).
 */
function* splitCharacters(text: string, limit: number, counter: TokenCounter): Steps<Piece[]> {
  const out: Piece[] = [];
  const maxStep = Math.max(2, limit * 16);
  let step = Math.max(2, Math.min(LONG_RUN / 4, limit * 2));
  for (let from = 0; from < text.length;) {
    let to = safeCut(text, Math.min(text.length, from + step));
    if (to <= from) to = Math.min(text.length, from + 2);
    const pieces = yield* halveUntilFits(text.slice(from, to), limit, counter);
    out.push(...pieces);
    const tokens = pieces.reduce((sum, p) => sum + p.tokens, 0);
    step = Math.max(2, Math.min(maxStep, Math.floor(((to - from) * limit * TARGET_FILL) / Math.max(1, tokens))));
    from = to;
  }
  return out;
}

/** Share of the limit a character slice aims for: room for the estimate to be a little off. */
const TARGET_FILL = 0.9;

/** Halves a slice until each half fits; one code point over the limit is kept whole, never torn. */
function* halveUntilFits(text: string, limit: number, counter: TokenCounter): Steps<Piece[]> {
  const tokens = yield* count(counter, text);
  if (tokens <= limit || isOneCodePoint(text)) return [{ text, tokens }];
  // Only a three-unit text starting with a pair cuts back to 0; then cut after the pair.
  const middle = safeCut(text, Math.floor(text.length / 2)) || 2;
  return [
    ...(yield* halveUntilFits(text.slice(0, middle), limit, counter)),
    ...(yield* halveUntilFits(text.slice(middle), limit, counter)),
  ];
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isOneCodePoint = (text: string) =>
  text.length === 1 || (text.length === 2 && isHighSurrogate(text.charCodeAt(0)) && isLowSurrogate(text.charCodeAt(1)));

/** Moves a cut back by one when it would separate a surrogate pair. */
function safeCut(text: string, at: number): number {
  if (at > 0 && at < text.length && isLowSurrogate(text.charCodeAt(at)) && isHighSurrogate(text.charCodeAt(at - 1)))
    return at - 1;
  return at;
}
