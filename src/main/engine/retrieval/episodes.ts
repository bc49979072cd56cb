// The episode list: candidates found by the occasion they were said on, not by their own words.
// People ask about an occasion ("the trip", "when we talked about the new job") whose words are
// spread over many turns: one names the trip, the next the place, the next who came along. The
// occasion matches the question as a whole though no single turn does, so each episode (a
// sitting of one conversation: its chunks said within a couple of hours of each other) is scored
// as one document against the question, and the turns of the best few enter the candidates,
// ranked by the episode's score plus their own words' weights and a share of their neighbours'.
import type { Chunk } from '../../../shared/domain';
import type { ChunkTime, Store, TermRow, TermRows } from '../store';
import { spreadOf } from './fusion';

/** Chunks of one conversation this close in time, one to the next, are one episode. */
export const EPISODE_GAP_MS = 2 * 3_600_000;
/**
 * How many of the best-matching episodes give their turns to the candidates. Measured on LoCoMo's
 * dev conversations: 3 → 8 → 20 kept adding evidence at 1,000 tokens, 30 no more.
 */
export const EPISODES_TAKEN = 20;
/**
 * The episode list's say in fusion beside the vector and keyword lists (1 = equal). Its top is
 * every turn of the best episode, most of which say nothing to the question: at equal say they
 * pushed closer hits out (−0.03 at 2,000 tokens on LoCoMo's dev conversations); at half, the
 * turns it adds are the ones the other lists almost had.
 */
export const EPISODE_LIST_WEIGHT = 0.5;
/**
 * How much the episode's score counts in the ordering of its turns, beside their own: small, so
 * that within and across the best episodes the turns holding the question's words lead.
 */
export const EPISODE_SHARE = 0.15;
/**
 * How much the question's words in the turns around a turn count towards it, per turn of
 * distance (this share of the next turn's either side, its square of the one beyond, up to
 * `NEARBY_REACH` turns). A turn means what its neighbours make of it: the answer to "who came
 * along?" names no trip, but the turn before it does. Ranked on its own words alone such an answer
 * ties with every silent turn of its sitting. LoCoMo sessions layout at 1,000 / 2,000 / 4,000
 * tokens: none 0.647 / 0.742 / 0.822, 0.25 0.657 / 0.747 / 0.822, 0.5 0.663 / 0.752 / 0.821,
 * 0.75 0.665 / 0.755 / 0.822, 1 0.659 / 0.749 / 0.823.
 */
const NEARBY_SHARE = 0.75;
/** How many turns away on either side a turn's words still count towards another's. */
const NEARBY_REACH = 2;
/** Episode turns scored at most, all episodes together (bounds the cost of a turn). */
const MAX_EPISODE_CANDIDATES = 600;
/** Chunks the words may match at most, all words together: bounds the cost on a long history. */
const EPISODE_TERM_ROWS = 2_500;
/**
 * Chunks of the words too common for the term rows read at most, all together, to count them in
 * the likely sittings' conversations (`commonWordsWithin`): this many times the term rows, as a row
 * read and kept or dropped costs far less than one scored (at 100,000 messages 1–2.5 ms a turn more
 * on the bench's questions, each of which pairs a word in thousands of chunks with a rare one).
 */
const COMMON_WORD_SCAN = 4;
/** The likely sittings, in which the common words are counted: this many times the sittings taken. */
const LIKELY_SITTINGS_PER_TAKEN = 3;
/** Chunks of one episode read at most (a sitting of a few hours holds far fewer). */
const MAX_EPISODE_CHUNKS = 200;
/** bm25's term-frequency saturation: the third mention of a word in an episode adds little. */
const K1 = 1.2;

export interface EpisodeRequest {
  query: string;
  conversationId: string | null;
  crossConversation: boolean;
}

export interface EpisodeCandidate {
  chunk: Chunk;
  /** The episode's score against the question plus the chunk's own and its neighbours' (same scale: summed word weights). */
  score: number;
}

export interface EpisodeList {
  /** The best turns of the best episodes, best first. */
  candidates: EpisodeCandidate[];
  /**
   * Mean and standard deviation of the scores of every turn of those episodes, of which
   * `candidates` is the top: how far a candidate stands out is measured against them all.
   */
  spread: { mean: number; sd: number };
}

export interface EpisodeListOptions {
  /** How many best-matching episodes give their turns. */
  taken?: number;
  /** Chunks the words may match at most, all together (`EPISODE_TERM_ROWS`). */
  termRows?: number;
  /** How many turns the list gives, best first: as many as the other candidate lists. */
  limit: number;
}

interface Episode {
  conversationId: string;
  from: number;
  to: number;
  /** For each word, how many of the episode's chunks hold it. */
  mentions: Map<string, number>;
  score: number;
}

/**
 * The turns of the episodes that best match the question as a whole, best first. An episode's
 * score is bm25 over its chunks taken together (a word's weight by how few chunks hold it,
 * saturating in how many of the episode's do); a chunk's own score adds the weights of the
 * question's words it holds (by how rare each is among the episodes' turns), and a share of those
 * its neighbours hold, so within an episode the turns that say something of it, and those beside
 * them, lead.
 * Every turn of the episodes is scored from when it was said and which words it holds; only
 * the `limit` best are read (a sitting can hold hundreds of turns, and reading and comparing
 * their texts was most of what the list cost).
 */
export function episodeCandidates(store: Store, request: EpisodeRequest, options: EpisodeListOptions): EpisodeList {
  const taken = options.taken ?? EPISODES_TAKEN;
  const none: EpisodeList = { candidates: [], spread: { mean: 0, sd: 0 } };
  if (taken <= 0) return none;
  const scope = request.crossConversation || !request.conversationId ? {} : { conversationId: request.conversationId };
  const maxRows = options.termRows ?? EPISODE_TERM_ROWS;
  const found = store.chunks.termRows(request.query, { ...scope, maxRows });
  if (found.terms.length === 0) return none;
  const terms = [...found.terms, ...commonWordsWithin(store, found, taken, maxRows)];
  const termsOf = wordsByRow(terms);
  const best = bestEpisodes(found.chunks, terms, termsOf, taken);
  const sittings: { episode: Episode; turns: ChunkTime[] }[] = [];
  let turnCount = 0;
  for (const episode of best) {
    if (turnCount >= MAX_EPISODE_CANDIDATES) break;
    const turns = turnsOf(store, episode);
    sittings.push({ episode, turns });
    turnCount += turns.length;
  }
  const turnWeights = weightsAmong(sittings, turnCount, termsOf);
  const scored: { rowid: number; score: number }[] = [];
  for (const { episode, turns } of sittings) {
    const own = turns.map(({ rowid }) =>
      (termsOf.get(rowid) ?? []).reduce((sum, term) => sum + turnWeights.get(term)!, 0),
    );
    turns.forEach(({ rowid }, i) =>
      scored.push({ rowid, score: EPISODE_SHARE * episode.score + own[i]! + nearbyWords(own, i) }),
    );
  }
  scored.sort((a, b) => b.score - a.score);
  const top = scored.slice(0, options.limit);
  const chunks = store.chunks.byRowids(top.map((t) => t.rowid));
  return {
    candidates: top.flatMap(({ rowid, score }) => {
      const chunk = chunks.get(rowid);
      return chunk ? [{ chunk, score }] : [];
    }),
    spread: spreadOf(scored.map((t) => t.score)),
  };
}

/** The `taken` episodes the words' chunks match best (bm25 over each episode's chunks together). */
function bestEpisodes(
  total: number,
  terms: TermRows['terms'],
  termsOf: ReadonlyMap<number, readonly string[]>,
  taken: number,
): Episode[] {
  const weights = new Map(terms.map((t) => [t.term, inverseFrequency(total, t.chunks)]));
  return episodesOf(
    terms.flatMap((t) => t.rows),
    termsOf,
    weights,
  )
    .sort((a, b) => b.score - a.score)
    .slice(0, taken);
}

/** For each chunk, the words of the question it holds. */
function wordsByRow(terms: TermRows['terms']): Map<number, string[]> {
  const termsOf = new Map<number, string[]>();
  for (const { term, rows } of terms)
    for (const row of rows) {
      const held = termsOf.get(row.rowid);
      if (held) held.push(term);
      else termsOf.set(row.rowid, [term]);
    }
  return termsOf;
}

/**
 * The chunks holding the question's words that were too common to read everywhere, said in the
 * conversations of the sittings its rarer words match best (three times as many as are taken). On
 * a long history a word such as "book" is in thousands of chunks and was left out entirely, so the
 * sittings with the person asked about were told apart by the name alone, which each of them
 * holds, and the one in which they talked about books ranked as any other. Counted where the
 * rarer words lead, with its weight from the whole history as every word's, the common word tells
 * those sittings apart again; read everywhere, it would cost a turn its bound on a long history.
 * LoCoMo sessions layout at 2,000 tokens beside 100,000 background messages: 0.746 and 0.750 (two
 * runs before) → 0.756; alone no LoCoMo or synthetic-recall-v1 question leaves a word out, and
 * nothing changes.
 */
function commonWordsWithin(store: Store, found: TermRows, taken: number, maxRows: number): TermRows['terms'] {
  if (found.leftOut.length === 0) return [];
  const likely = bestEpisodes(found.chunks, found.terms, wordsByRow(found.terms), LIKELY_SITTINGS_PER_TAKEN * taken);
  return store.chunks.termRowsWithin(found.leftOut, new Set(likely.map((e) => e.conversationId)), {
    maxRows: COMMON_WORD_SCAN * maxRows,
  });
}

/**
 * Each word's weight in telling the `total` turns of these sittings apart: bm25's inverse frequency
 * among them, not among all chunks. Which sittings are best is judged against the whole history, where a
 * name said in no other conversation is rare and weighs much; within the sittings about that person
 * it is said in most turns and tells them apart little, yet weighed as in the whole history it
 * lifted every turn naming them. LoCoMo sessions layout at 2,000 tokens, beside 100,000 other
 * messages: 0.736 → 0.746; alone, where the two weights barely differ, 0.755 → 0.756.
 */
function weightsAmong(
  sittings: readonly { turns: readonly ChunkTime[] }[],
  total: number,
  termsOf: ReadonlyMap<number, readonly string[]>,
): Map<string, number> {
  const holding = new Map<string, number>();
  for (const { turns } of sittings)
    for (const { rowid } of turns)
      for (const term of termsOf.get(rowid) ?? []) holding.set(term, (holding.get(term) ?? 0) + 1);
  return new Map([...holding].map(([term, n]) => [term, inverseFrequency(total, n)]));
}

/**
 * What the turns around turn `i` add to its score: `NEARBY_SHARE` of the own score (the question's
 * words' weights) of the next turn either side, its square of the turn beyond. `own` holds the
 * episode's turns in the order they were said.
 */
function nearbyWords(own: readonly number[], i: number): number {
  let sum = 0;
  let share = 1;
  for (let d = 1; d <= NEARBY_REACH; d++) {
    share *= NEARBY_SHARE;
    sum += share * ((own[i - d] ?? 0) + (own[i + d] ?? 0));
  }
  return sum;
}

/** bm25's inverse document frequency of a word held by `n` of `total` chunks. */
function inverseFrequency(total: number, n: number): number {
  return Math.log(1 + (Math.max(total, n) - n + 0.5) / (n + 0.5));
}

/** The matched chunks grouped into episodes (per conversation, split where the talk paused), scored. */
function episodesOf(
  rows: readonly TermRow[],
  termsOf: ReadonlyMap<number, readonly string[]>,
  weights: ReadonlyMap<string, number>,
): Episode[] {
  const distinct = new Map<number, TermRow>();
  for (const row of rows) distinct.set(row.rowid, row);
  const ordered = [...distinct.values()].sort((a, b) =>
    a.conversationId < b.conversationId
      ? -1
      : a.conversationId > b.conversationId
        ? 1
        : a.createdAt - b.createdAt || a.rowid - b.rowid,
  );
  const episodes: Episode[] = [];
  let current: Episode | undefined;
  for (const row of ordered) {
    if (!current || current.conversationId !== row.conversationId || row.createdAt - current.to > EPISODE_GAP_MS) {
      current = {
        conversationId: row.conversationId,
        from: row.createdAt,
        to: row.createdAt,
        mentions: new Map(),
        score: 0,
      };
      episodes.push(current);
    }
    current.to = row.createdAt;
    for (const term of termsOf.get(row.rowid) ?? []) current.mentions.set(term, (current.mentions.get(term) ?? 0) + 1);
  }
  for (const episode of episodes)
    for (const [term, n] of episode.mentions) episode.score += (weights.get(term)! * n * (K1 + 1)) / (n + K1);
  return episodes;
}

/**
 * Every turn of an episode: those said between its first and last match, and on either side as
 * long as the talk went on without a pause longer than the episode gap.
 */
function turnsOf(store: Store, episode: Episode): ChunkTime[] {
  const around = store.chunks.timesBetween(
    episode.conversationId,
    episode.from - 3 * EPISODE_GAP_MS,
    episode.to + 3 * EPISODE_GAP_MS,
    MAX_EPISODE_CHUNKS * 3,
  );
  const first = around.findIndex((turn) => turn.createdAt >= episode.from);
  if (first < 0) return [];
  let start = first;
  while (start > 0 && around[start]!.createdAt - around[start - 1]!.createdAt <= EPISODE_GAP_MS) start -= 1;
  let end = first;
  while (
    end + 1 < around.length &&
    (around[end + 1]!.createdAt <= episode.to || around[end + 1]!.createdAt - around[end]!.createdAt <= EPISODE_GAP_MS)
  )
    end += 1;
  return around.slice(start, Math.min(end + 1, start + MAX_EPISODE_CHUNKS));
}
