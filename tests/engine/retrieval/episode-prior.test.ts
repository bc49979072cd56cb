// The episode prior: hits of one sitting of one conversation lift each other, a stray hit with
// no company does not move, and only the best few others count.
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../src/shared/domain';
import { EPISODE_GAP_MS, withEpisodePrior, type RetrievedChunk } from '../../../src/main/engine/retrieval/retriever';

const MINUTE = 60_000;

function hit(id: string, conversationId: string, createdAt: number, score: number): RetrievedChunk {
  const chunk: Chunk = {
    id: `${id}:0`,
    conversationId,
    responseId: id,
    chunkIndex: 0,
    role: 'user',
    type: 'message',
    text: id,
    tokenCount: 5,
    archived: false,
    createdAt,
  };
  return {
    chunk,
    score,
    vectorRank: null,
    keywordRank: null,
    episodeRank: null,
    timeRank: null,
    similarity: null,
    fromCurrentConversation: false,
    copies: 1,
  };
}

describe('withEpisodePrior', () => {
  it('lifts a hit whose sitting matches too above a stray hit of the same score; other sittings and conversations do not count', () => {
    const stray = hit('stray', 'c1', 0, 0.02);
    const trip = hit('trip', 'c2', 0, 0.02);
    const place = hit('place', 'c2', 2 * MINUTE, 0.01);
    const date = hit('date', 'c2', 4 * MINUTE, 0.01);
    const later = hit('later', 'c2', 4 * MINUTE + EPISODE_GAP_MS + 1, 0.01);
    const hits = [stray, trip, place, date, later];
    withEpisodePrior(hits, 0.5);
    expect(trip.score).toBeCloseTo(0.02 + 0.5 * 0.02, 10);
    expect(place.score).toBeCloseTo(0.01 + 0.5 * 0.03, 10);
    expect(trip.score).toBeGreaterThan(stray.score);
    expect(stray.score).toBe(0.02);
    expect(later.score).toBe(0.01);
  });

  it('counts the best three others only, so a long loosely matching sitting cannot outweigh everything', () => {
    const best = hit('best', 'c', 0, 0.03);
    const crowd = Array.from({ length: 20 }, (_, i) => hit(`h${i}`, 'c', (i + 1) * MINUTE, 0.01));
    withEpisodePrior([best, ...crowd], 0.5);
    expect(best.score).toBeCloseTo(0.03 + 0.5 * 0.03, 10);
    for (const h of crowd) expect(h.score).toBeCloseTo(0.01 + 0.5 * (0.03 + 0.01 + 0.01), 10);
  });

  it('changes nothing at weight 0', () => {
    const hits = [hit('a', 'c', 0, 0.02), hit('b', 'c', MINUTE, 0.01)];
    withEpisodePrior(hits, 0);
    expect(hits.map((h) => h.score)).toEqual([0.02, 0.01]);
  });
});
