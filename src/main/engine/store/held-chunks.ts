// Chunk rows read recently, held in memory so the next turns need not read them again: a
// turn reads a few hundred rows scattered through the file (its candidates, their neighbours)
// at ~4 µs each, and the next turn asks for many of the same. Rows are only ever held as
// committed; any change or removal of a stored chunk (or of a message, which moves the turns
// next to it) moves the `row_versions` counter (migration 005), and that empties the hold.
import type { Chunk } from '../../../shared/domain';

/** Which turn next to a message: of its own exchange (question ↔ reply), or the one beyond it. */
export type TurnSide = 'exchange' | 'beyond';

/** Rows held at most: about 14 MB of heap with chunks of ordinary length (measured at 100k). */
export const HELD_CHUNK_ROWS = 8_192;

interface Held {
  chunk: Chunk;
  rowid: number;
}

export class HeldChunks {
  private version: number | null = null;
  private readonly byId = new Map<string, Held>();
  private readonly byRowid = new Map<number, Held>();
  /** A side and a message's id → the nearest chunk of the turn next to it there (see `ChunkRepository.adjacentTurnChunks`). */
  private readonly adjacent = new Map<string, Chunk>();

  constructor(private readonly capacity = HELD_CHUNK_ROWS) {}

  /** Forgets everything held when the stored rows changed since it was read. */
  syncTo(version: number): void {
    if (version === this.version) return;
    this.byId.clear();
    this.byRowid.clear();
    this.adjacent.clear();
    this.version = version;
  }

  get size(): number {
    return this.byId.size;
  }

  byChunkId(id: string): Chunk | undefined {
    return this.touch(this.byId.get(id));
  }

  byRow(rowid: number): Chunk | undefined {
    return this.touch(this.byRowid.get(rowid));
  }

  hold(rowid: number, chunk: Chunk): void {
    const held = { chunk, rowid };
    this.byId.delete(chunk.id);
    this.byId.set(chunk.id, held);
    this.byRowid.set(rowid, held);
    // Least recently used first: a Map iterates in insertion order, and a use re-inserts.
    while (this.byId.size > this.capacity) {
      const [oldestId, oldest] = this.byId.entries().next().value!;
      this.byId.delete(oldestId);
      this.byRowid.delete(oldest.rowid);
    }
  }

  adjacentTo(messageId: string, side: TurnSide): Chunk | undefined {
    return this.adjacent.get(`${side}:${messageId}`);
  }

  /**
   * Only a turn that exists is held: one that does not yet (a question not answered so far)
   * may be written at any time, and writes of new rows do not move the counter.
   */
  holdAdjacent(messageId: string, side: TurnSide, chunk: Chunk): void {
    const key = `${side}:${messageId}`;
    this.adjacent.delete(key);
    this.adjacent.set(key, chunk);
    if (this.adjacent.size > this.capacity) this.adjacent.delete(this.adjacent.keys().next().value!);
  }

  private touch(held: Held | undefined): Chunk | undefined {
    if (held === undefined) return undefined;
    this.byId.delete(held.chunk.id);
    this.byId.set(held.chunk.id, held);
    return held.chunk;
  }
}
