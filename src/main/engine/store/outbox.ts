// The outbox: what the vector index still owes. Rows are written in the same transaction as
// the data they describe; the indexer removes a row only once Chroma confirmed the write.
// Every enqueue is announced (`onDidEnqueue`), so writers never have to wake the indexer.
import { Emitter } from '../lifecycle';
import type { RepoContext } from './context';

export type OutboxItemKind = 'chunk' | 'memory';
export type OutboxOp = 'upsert' | 'delete';

export interface OutboxEntry {
  id: number;
  op: OutboxOp;
  itemKind: OutboxItemKind;
  itemId: string;
  attempts: number;
  lastError: string | null;
  availableAt: number;
  createdAt: number;
}

interface OutboxRow {
  id: number;
  op: OutboxOp;
  item_kind: OutboxItemKind;
  item_id: string;
  attempts: number;
  last_error: string | null;
  available_at: number;
  created_at: number;
}

const toEntry = (row: OutboxRow): OutboxEntry => ({
  id: row.id,
  op: row.op,
  itemKind: row.item_kind,
  itemId: row.item_id,
  attempts: row.attempts,
  lastError: row.last_error,
  availableAt: row.available_at,
  createdAt: row.created_at,
});

export class OutboxRepository {
  private readonly enqueued = new Emitter<void>();
  /**
   * New work was queued. Fired inside the writer's transaction: listeners only schedule work
   * (the indexer drains on a later tick, after the commit), never read the rows at once.
   */
  readonly onDidEnqueue = this.enqueued.event;

  constructor(private readonly ctx: RepoContext) {}

  enqueue(op: OutboxOp, kind: OutboxItemKind, itemIds: Iterable<string>): void {
    const now = this.ctx.now();
    // No de-duplication here: a row being processed right now may describe an older state of
    // the item, so a change made meanwhile needs its own row. The indexer merges duplicates.
    const insert = this.ctx.prepare(
      `INSERT INTO outbox (op, item_kind, item_id, created_at, available_at) VALUES (@op, @kind, @id, @now, 0)`,
    );
    let queued = 0;
    for (const id of itemIds) {
      insert.run({ op, kind, id, now });
      queued += 1;
    }
    if (queued > 0) this.enqueued.fire();
  }

  /** Items of `kind` with an upsert still queued: the indexer will bring them to the vector index. */
  queuedUpserts(kind: OutboxItemKind): Set<string> {
    return new Set(
      this.ctx
        .prepare(`SELECT DISTINCT item_id FROM outbox WHERE op = 'upsert' AND item_kind = ?`)
        .pluck()
        .all(kind) as string[],
    );
  }

  /** Forgets queued upserts of items that are gone before the indexer saw them (an undone import). */
  dropUpserts(kind: OutboxItemKind, itemIds: Iterable<string>): void {
    const remove = this.ctx.prepare(`DELETE FROM outbox WHERE op = 'upsert' AND item_kind = ? AND item_id = ?`);
    for (const id of itemIds) remove.run(kind, id);
  }

  /** The oldest entries due now, in write order. */
  due(limit: number, now = this.ctx.now()): OutboxEntry[] {
    return (
      this.ctx
        .prepare(`SELECT * FROM outbox WHERE available_at <= ? ORDER BY id LIMIT ?`)
        .all(now, limit) as OutboxRow[]
    ).map(toEntry);
  }

  complete(ids: readonly number[]): void {
    const remove = this.ctx.prepare(`DELETE FROM outbox WHERE id = ?`);
    this.ctx.db.transaction(() => {
      for (const id of ids) remove.run(id);
    })();
  }

  retryLater(ids: readonly number[], error: string, availableAt: number): void {
    const postpone = this.ctx.prepare(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, available_at = ? WHERE id = ?`,
    );
    this.ctx.db.transaction(() => {
      for (const id of ids) postpone.run(error.slice(0, 2000), availableAt, id);
    })();
  }

  pendingCount(): number {
    return (this.ctx.prepare(`SELECT count(*) AS n FROM outbox`).get() as { n: number }).n;
  }

  /** Earliest time an entry becomes due, or null when the outbox is empty. */
  nextDueAt(): number | null {
    const row = this.ctx.prepare(`SELECT min(available_at) AS t FROM outbox`).get() as { t: number | null };
    return row.t;
  }
}
