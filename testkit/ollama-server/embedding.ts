// Deterministic embeddings with real signal for the test Ollama server. Feature hashing of
// word unigrams and character 3/4-grams means texts sharing words (or word stems, via the
// n-grams) land near each other, so retrieval tests and the recall evaluation mean something
// without model weights. Pure and allocation-light: 100k short texts take a few seconds.

export const DEFAULT_EMBEDDING_DIM = 384;

// Function words carry little topic; damped rather than dropped so "what is it" still embeds.
const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its ' +
    'me my no not of on or our s she so t than that the their them then there these they this to was we were what when ' +
    "where which who why will with would you your yours i'm im ll re ve d"
  ).split(' '),
);
const STOP_WORD_WEIGHT = 0.15;
const UNIGRAM_WEIGHT = 1;
const NGRAM_WEIGHT = 0.4;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
// Distinct seeds keep the word "dog" and the trigram "dog" from sharing a feature.
const UNIGRAM_SEED = 0x9e3779b9;
const NGRAM_SEED = 0x85ebca6b;
const BOUNDARY = 0x5f; // '_' marks word edges so prefixes and suffixes are their own grams

const WORD_PATTERN = /[\p{L}\p{N}]+/gu;

/** L2-normalised feature-hash embedding of `text` (lower-cased). Empty text → zero vector. */
export function embedText(text: string, dim: number = DEFAULT_EMBEDDING_DIM): number[] {
  const counts = new Map<number, number>();
  const weights = new Map<number, number>();
  for (const match of text.toLowerCase().matchAll(WORD_PATTERN)) {
    addWordFeatures(match[0], counts, weights);
  }
  return toVector(counts, weights, dim);
}

function addWordFeatures(word: string, counts: Map<number, number>, weights: Map<number, number>): void {
  const damping = STOP_WORDS.has(word) ? STOP_WORD_WEIGHT : 1;
  add(counts, weights, hashRange(UNIGRAM_SEED, word, 0, word.length, false, false), UNIGRAM_WEIGHT * damping);
  // n-grams over "_word_": positions -1 and word.length stand for the boundary marker.
  const padded = word.length + 2;
  for (const n of [3, 4]) {
    for (let start = 0; start + n <= padded; start++) {
      const from = start - 1;
      const to = from + n;
      const h = hashRange(
        NGRAM_SEED ^ n,
        word,
        Math.max(from, 0),
        Math.min(to, word.length),
        from < 0,
        to > word.length,
      );
      add(counts, weights, h, NGRAM_WEIGHT * damping);
    }
  }
}

function add(counts: Map<number, number>, weights: Map<number, number>, feature: number, weight: number): void {
  counts.set(feature, (counts.get(feature) ?? 0) + 1);
  // A feature seen as both a stop word and a content word keeps the larger weight.
  if ((weights.get(feature) ?? 0) < weight) weights.set(feature, weight);
}

/** FNV-1a over word[from, to), optionally framed by boundary markers, without slicing strings. */
function hashRange(seed: number, word: string, from: number, to: number, leading: boolean, trailing: boolean): number {
  let h = (FNV_OFFSET ^ seed) >>> 0;
  if (leading) h = Math.imul(h ^ BOUNDARY, FNV_PRIME);
  for (let i = from; i < to; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  if (trailing) h = Math.imul(h ^ BOUNDARY, FNV_PRIME);
  return h >>> 0;
}

function toVector(counts: Map<number, number>, weights: Map<number, number>, dim: number): number[] {
  const vector = new Float64Array(dim);
  for (const [feature, count] of counts) {
    // Sublinear tf: a word repeated ten times is more present, not ten times more.
    const value = (1 + Math.log(count)) * (weights.get(feature) ?? 0);
    // Signed hashing: the top bit picks the sign so collisions cancel on average.
    const sign = feature & 0x80000000 ? -1 : 1;
    vector[feature % dim]! += sign * value;
  }
  let norm = 0;
  for (let i = 0; i < dim; i++) norm += vector[i]! * vector[i]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Array.from(vector, (v) => v * scale);
}

/** Cosine similarity of two equal-length vectors (0 when either is zero). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
