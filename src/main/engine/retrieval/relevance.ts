// The relevance floor: the one place that decides when something found by meaning may be
// called close to the message. Used by memory search (which drops what is below it) and by
// the reasons the context inspector shows (which never call a hit below it "similar").

/**
 * A vector hit counts as close in meaning at a cosine similarity of at least 0.15 (unrelated
 * texts score up to ~0.14 with the test embedder's hashed n-grams, related ones 0.18 and up)
 * and, in a list, of at least three quarters of the best hit's, which does the work with real
 * embedding models, whose unrelated texts score higher.
 */
export const RELEVANCE_FLOOR = { absolute: 0.15, ofBest: 0.75 } as const;

/** Whether a similarity on its own clears the floor (null: not found by meaning at all). */
export function closeInMeaning(similarity: number | null): similarity is number {
  return similarity !== null && similarity >= RELEVANCE_FLOOR.absolute;
}

/** The floor for one list of hits: the absolute one, or three quarters of the best, whichever is higher. */
export function listFloor(similarities: readonly number[]): number {
  return Math.max(RELEVANCE_FLOOR.absolute, Math.max(0, ...similarities) * RELEVANCE_FLOOR.ofBest);
}
