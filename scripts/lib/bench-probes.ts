// Splits the indexer's time into its parts without changing the engine: the embedding call and
// the Chroma upsert are wrapped on this engine's own instances (nothing global), and each
// wrapper adds up calls and milliseconds. What is left of a drain is SQLite work (loading the
// items, caching vectors, completing outbox rows) and the indexer's own bookkeeping.
import type { Engine } from '../../src/main/engine/engine';

export interface CallTally {
  calls: number;
  ms: number;
  /** Items passed (texts embedded, records upserted). */
  items: number;
}

export class PhaseProbes {
  readonly embed: CallTally = { calls: 0, ms: 0, items: 0 };
  readonly upsert: CallTally = { calls: 0, ms: 0, items: 0 };

  constructor(engine: Engine) {
    // The indexer and the assembler reach Ollama through `engine.ollama` at each call, and
    // Chroma through `engine.vectors`, so wrapping these two instances sees every call.
    const ollama = engine.internals.ollama;
    const embed = ollama.embed.bind(ollama);
    ollama.embed = (model, texts, options) => this.time(this.embed, texts.length, () => embed(model, texts, options));
    const vectors = engine.internals.vectors;
    const upsert = vectors.upsert.bind(vectors);
    vectors.upsert = (kind, model, records) =>
      this.time(this.upsert, records.length, () => upsert(kind, model, records));
  }

  /** Copies of the tallies now, to subtract from later ones. */
  snapshot(): { embed: CallTally; upsert: CallTally } {
    return { embed: { ...this.embed }, upsert: { ...this.upsert } };
  }

  private async time<T>(tally: CallTally, items: number, work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      tally.calls += 1;
      tally.items += items;
      tally.ms += performance.now() - started;
    }
  }
}

export function since(now: CallTally, before: CallTally): CallTally {
  return { calls: now.calls - before.calls, ms: now.ms - before.ms, items: now.items - before.items };
}
