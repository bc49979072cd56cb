// Counts of engine events per minute (Chroma went down, Chroma restarted, items indexed), so
// "how often" and "how fast" can be answered for any range without a row per event.
import type { RepoContext } from './context';

export type EngineEventKind = 'chroma-down' | 'chroma-restart' | 'indexed';

const MINUTE = 60_000;

export class EngineEventsRepository {
  constructor(private readonly ctx: RepoContext) {}

  add(kind: EngineEventKind, count = 1): void {
    if (count <= 0) return;
    this.ctx
      .prepare(
        `INSERT INTO engine_events (kind, minute, count) VALUES (?, ?, ?) ON CONFLICT (kind, minute) DO UPDATE SET count = count + excluded.count`,
      )
      .run(kind, Math.floor(this.ctx.now() / MINUTE), count);
  }

  /** How many `kind` events happened in [from, to) (whole minutes). */
  count(kind: EngineEventKind, range: { from?: number; to?: number } = {}): number {
    const from = Math.floor((range.from ?? 0) / MINUTE);
    const to = range.to === undefined ? Number.MAX_SAFE_INTEGER : Math.ceil(range.to / MINUTE);
    const row = this.ctx
      .prepare(`SELECT coalesce(sum(count), 0) AS n FROM engine_events WHERE kind = ? AND minute >= ? AND minute < ?`)
      .get(kind, from, to) as { n: number };
    return row.n;
  }

  /** Deletes at most `limit` minutes older than `olderThan`; returns how many went. */
  prune(olderThan: number, limit: number): number {
    return this.ctx
      .prepare(
        `DELETE FROM engine_events WHERE (kind, minute) IN (SELECT kind, minute FROM engine_events WHERE minute < ? LIMIT ?)`,
      )
      .run(Math.floor(olderThan / MINUTE), limit).changes;
  }
}
