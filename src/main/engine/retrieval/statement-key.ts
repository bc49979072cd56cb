// Which chunks say the same thing: "Work was busy but fine." said on twenty evenings is one
// statement to retrieval, whose newest copy stands for the rest. Each chunk's folded text is
// hashed once, when it is written, and stored with it (`chunks.statement_hash`, migration 013):
// every candidate of every turn is keyed, and hashing their texts on the turn's path was about
// 3 ms of a turn at 100,000 messages. A chunk read from a row without a stored hash is hashed here.
// The stored hashes are this file's `statementHash`: changing how it folds or hashes needs a
// migration that hashes every chunk again.
import type { Chunk } from '../../../shared/domain';

const NOT_ASCII = /[^\p{ASCII}]/u;

/** Keys of chunks seen lately (the store hands out the same object for a row it holds), and stored hashes of chunks read. */
const statementKeys = new WeakMap<Chunk, string>();

const keyOf = (chunk: Chunk, hash: string) => `${chunk.type}\u0000${chunk.role}\u0000${hash}`;

/**
 * Chunks with this key say the same thing: same kind, same role, same words once case, runs of
 * whitespace and Unicode compatibility forms are folded. The words are in the key as a 64-bit
 * hash of the folded text with its length, not as the text: keys are made for every candidate
 * of every turn, and folded copies of the candidates' texts were a large share of what a turn
 * allocated. Two different statements share a key with odds of about 1 in 10^15 per turn.
 */
export function sameStatementKey(chunk: Chunk): string {
  let key = statementKeys.get(chunk);
  if (key === undefined) statementKeys.set(chunk, (key = keyOf(chunk, statementHash(chunk.text))));
  return key;
}

/** Gives a chunk just read its stored hash (`statementHash` of its text when written), so keying it reads no text. */
export function withStoredStatementHash<C extends Chunk>(chunk: C, hash: string | null): C {
  if (hash !== null) statementKeys.set(chunk, keyOf(chunk, hash));
  return chunk;
}

/**
 * The hash of the text lower-cased, each run of whitespace made one space, and trimmed. ASCII
 * (its own NFKC form, and most text) is folded as it is hashed, without building the string.
 */
export function statementHash(text: string): string {
  if (NOT_ASCII.test(text)) return hashOf(text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim());
  const hash = new FoldedHash();
  let started = false;
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || (code >= 9 && code <= 13)) {
      space = started;
      continue;
    }
    if (space) hash.add(32);
    hash.add(code >= 65 && code <= 90 ? code + 32 : code);
    started = true;
    space = false;
  }
  return hash.digest();
}

function hashOf(folded: string): string {
  const hash = new FoldedHash();
  for (let i = 0; i < folded.length; i++) hash.add(folded.charCodeAt(i));
  return hash.digest();
}

/** Two independent 32-bit lanes (FNV-1a and a murmur-style multiply-shift) and the length. */
class FoldedHash {
  private a = 0x811c9dc5;
  private b = 0x9747b28c;
  private length = 0;

  add(code: number): void {
    this.a = Math.imul(this.a ^ code, 0x01000193);
    this.b = Math.imul(this.b ^ code, 0x5bd1e995);
    this.b ^= this.b >>> 13;
    this.length += 1;
  }

  digest(): string {
    return `${this.length}:${(this.a >>> 0).toString(36)}:${(this.b >>> 0).toString(36)}`;
  }
}
