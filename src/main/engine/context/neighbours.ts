// The context around a retrieved chunk: the chunks either side of it in a long message, or,
// for a short turn, the turn answering it (or the question it answered) and the turn beyond
// that exchange (the reply a question followed up on, the user's next message after a reply).
// Read in batches (three queries for any number of chunks) and remembered for one assembly, whose two passes over the
// hits then share them.
import type { Chunk } from '../../../shared/domain';
import { chunkId, type Store, type TurnSide } from '../store';
import type { ContextReason } from '../../../shared/context-reasons';
import { REASONS, partOfMessageReason } from './reasons';

/** Turns up to this size bring the turn next to them along. */
const SHORT_TURN_TOKENS = 80;

export interface Neighbour {
  chunk: Chunk;
  reason: ContextReason;
  /** Of the hit's own exchange (its other half, or its message's other parts), or the turn beyond it. */
  side: TurnSide;
}

export class Neighbourhood {
  private readonly known = new Map<string, Neighbour[]>();

  constructor(private readonly store: Store) {}

  /** Reads the neighbours of those of these chunks whose neighbours are not known yet. */
  load(chunks: readonly Chunk[]): void {
    const wanted = [
      ...new Map(chunks.filter((c) => c.type === 'message' && !this.known.has(c.id)).map((c) => [c.id, c])).values(),
    ];
    if (wanted.length === 0) return;
    const sideIds = wanted.flatMap((c) =>
      [c.chunkIndex - 1, c.chunkIndex + 1].filter((i) => i >= 0).map((i) => chunkId(c.responseId, i)),
    );
    const sides = new Map(this.store.chunks.byIds([...new Set(sideIds)]).map((c) => [c.id, c]));
    const siblingsOf = (c: Chunk) =>
      [c.chunkIndex - 1, c.chunkIndex + 1].flatMap((i) => sides.get(chunkId(c.responseId, i)) ?? []);
    const short = wanted.filter((c) => c.tokenCount <= SHORT_TURN_TOKENS && siblingsOf(c).length === 0);
    const shortIds = [...new Set(short.map((c) => c.responseId))];
    const adjacent = this.store.chunks.adjacentTurnChunks(shortIds);
    const beyond = this.store.chunks.adjacentTurnChunks(shortIds, 'beyond');
    for (const chunk of wanted) {
      const out: Neighbour[] = siblingsOf(chunk).map((sibling) => ({
        chunk: sibling,
        reason: partOfMessageReason(sibling.chunkIndex + 1),
        side: 'exchange' as const,
      }));
      const shortTurn = out.length === 0 && chunk.tokenCount <= SHORT_TURN_TOKENS;
      const piece = shortTurn ? adjacent.get(chunk.responseId) : undefined;
      if (piece && piece.tokenCount <= SHORT_TURN_TOKENS * 2)
        out.push({
          chunk: piece,
          reason: chunk.role === 'user' ? REASONS.replyToFound : REASONS.questionOfFound,
          side: 'exchange',
        });
      const next = shortTurn ? beyond.get(chunk.responseId) : undefined;
      if (next && next.tokenCount <= SHORT_TURN_TOKENS * 2)
        out.push({
          chunk: next,
          reason: chunk.role === 'user' ? REASONS.turnBeforeFound : REASONS.turnAfterFound,
          side: 'beyond',
        });
      this.known.set(chunk.id, out);
    }
  }

  /** The neighbours of one chunk (read now if `load` did not cover it). */
  of(chunk: Chunk): Neighbour[] {
    if (chunk.type !== 'message') return [];
    if (!this.known.has(chunk.id)) this.load([chunk]);
    return this.known.get(chunk.id) ?? [];
  }
}
