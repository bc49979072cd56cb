// Where and when each stored chunk was said (its conversation and time), by rowid, held in
// memory. The episode list (retrieval/episodes.ts) groups every chunk holding a question's words
// into sittings, up to a few thousand rows a turn on a long history; reading each one's
// conversation and time from the table cost ~2 µs a row there (a lookup by rowid per match),
// while the keyword index alone gives the rowids for a small fraction of that. Twelve bytes a
// chunk (about 1.4 MB at 115,000 chunks). New rows are read as they appear (rowids only grow
// while no row is removed); a change or removal of any row moves the `row_versions` counter
// (migration 005), and then everything is read again.

/** Reads the chunks with a rowid above `after`, in any order: rowid, conversation id, time. */
export type ReadPlacesAfter = (after: number) => Iterable<[rowid: number, conversationId: string, createdAt: number]>;

export class ChunkPlaces {
  private version: number | null = null;
  /** The highest rowid read so far. */
  private readUpTo = 0;
  /** Per rowid: the index of its conversation in `conversationIds`, or −1 where no chunk is. */
  private conversationOf = new Int32Array(0);
  private createdAtOf = new Float64Array(0);
  private readonly conversationIds: string[] = [];
  private readonly conversationIndex = new Map<string, number>();

  /**
   * Brings the places up to the stored rows: all read again when `version` moved since the
   * last call, else only the rows added after the highest rowid read.
   */
  syncTo(version: number, lastRowid: number, readAfter: ReadPlacesAfter): void {
    if (version !== this.version) {
      this.version = version;
      this.readUpTo = 0;
      this.conversationOf = new Int32Array(0);
      this.createdAtOf = new Float64Array(0);
      this.conversationIds.length = 0;
      this.conversationIndex.clear();
    }
    if (lastRowid <= this.readUpTo) return;
    this.growTo(lastRowid);
    for (const [rowid, conversationId, createdAt] of readAfter(this.readUpTo)) {
      this.growTo(rowid);
      this.conversationOf[rowid] = this.indexOf(conversationId);
      this.createdAtOf[rowid] = createdAt;
      this.readUpTo = Math.max(this.readUpTo, rowid);
    }
    this.readUpTo = Math.max(this.readUpTo, lastRowid);
  }

  /** The conversation and time of a stored chunk, or undefined when no chunk has this rowid. */
  placeOf(rowid: number): { conversationId: string; createdAt: number } | undefined {
    const index = rowid < this.conversationOf.length ? this.conversationOf[rowid]! : -1;
    if (index < 0) return undefined;
    return { conversationId: this.conversationIds[index]!, createdAt: this.createdAtOf[rowid]! };
  }

  private indexOf(conversationId: string): number {
    let index = this.conversationIndex.get(conversationId);
    if (index === undefined) {
      index = this.conversationIds.push(conversationId) - 1;
      this.conversationIndex.set(conversationId, index);
    }
    return index;
  }

  /** Room for rowids up to `rowid`, with some to spare so that each new row does not copy them all. */
  private growTo(rowid: number): void {
    if (rowid < this.conversationOf.length) return;
    const size = Math.max(rowid + 1, Math.ceil(this.conversationOf.length * 1.25), 1_024);
    const conversations = new Int32Array(size).fill(-1);
    conversations.set(this.conversationOf);
    const times = new Float64Array(size);
    times.set(this.createdAtOf);
    this.conversationOf = conversations;
    this.createdAtOf = times;
  }
}
