// Timings of what a new message costs before the model sees it, over the data stored so far:
// the context dry run chat uses (embedding the message included), the same assembly without
// the embedding call, the two retrievers alone as the HybridRetriever asks them (FTS5 bm25
// within its row budget, Chroma nearest neighbours), and the History view's search.
import { CANDIDATES_PER_LIST, KEYWORD_ROWS_WITH_VECTORS } from '../../src/main/engine/retrieval/retriever';
import { EngineApi } from '../../src/main/engine/api';
import type { Engine } from '../../src/main/engine/engine';
import { round2, timingsOf, type Timings } from './measure';
import { seededRandom } from './synthetic-history';

const WARM_UP = 5;
/** Messages a user sends in one conversation before the next, in the "continuing" pass. */
const RUN_LENGTH = 5;
/** Results the History view asks for per page. */
const HISTORY_PAGE = 20;

export interface RetrievalFigures {
  /**
   * `chat.dryRun` in a conversation just opened the way the chat view opens one (its messages
   * asked for, which readies its vectors): embed the message, retrieve, fit the budget.
   */
  context_with_embedding_ms: Timings;
  /** The same dry runs less their embedding call, as the assembler times it (`timings.embedMs`). */
  context_without_embedding_ms: Timings;
  /** As above, with the queries sent in runs of five to one opened conversation, as a user chatting. */
  context_without_embedding_continuing_ms: Timings;
  /** As above, in a conversation nothing opened first: its vectors are read from SQLite during the turn. */
  context_without_embedding_unopened_ms: Timings;
  /** As above, for the first message of a new conversation: retrieval over all the others, nothing of its own. */
  context_without_embedding_new_ms: Timings;
  /** The embedding call alone, inside those dry runs. */
  embed_query_ms: Timings;
  /** Keyword candidates over all conversations (bm25 top 60 within the row budget), as the retriever asks. */
  fts5_query_ms: Timings;
  /** Vector candidates over all conversations (nearest 60, unfiltered), as the retriever asks. */
  chroma_query_ms: Timings;
  /** The History view's search: bm25 over all messages with highlighted snippets, first page. */
  history_search_ms: Timings;
  /** Window the dry runs were assembled for, and the mean tokens they filled. */
  context_length: number;
  mean_context_tokens: number;
  /** Share of dry runs that used vectors (the rest fell back to keywords: Chroma failed or timed out). */
  hybrid_share: number;
  /**
   * Page faults that had to read the disk during the timed dry runs: 0 when the data stayed in
   * the OS's file cache. Machines that evict idle file pages show them here, and in the tails.
   */
  major_page_faults: number;
}

/** The dry-run passes, and the retrievers timed alone: each is sent queries of its own. */
export type RetrievalPass = 'warm-up' | 'opened' | 'continuing' | 'unopened' | 'new' | 'retrievers';

export interface RetrievalWorkload {
  /**
   * The questions each pass asks, as many in every pass. No pass may repeat another's: what a
   * question leaves held (its rows, its words' counts) would make its second asking cheaper
   * than any new question is.
   */
  queries: (pass: RetrievalPass) => readonly string[];
  /** Conversations to continue; each query goes to one picked at random (seeded). */
  conversationIds: readonly string[];
  seed: number;
}

export async function measureRetrieval(engine: Engine, workload: RetrievalWorkload): Promise<RetrievalFigures> {
  const random = seededRandom(workload.seed);
  const count = workload.queries('opened').length;
  const targets = Array.from(
    { length: count },
    () => workload.conversationIds[Math.floor(random() * workload.conversationIds.length)]!,
  );
  const api = new EngineApi(engine);
  const open = async (conversationId: string) => {
    const listed = await api.dispatch('conversations.messages', { conversationId, limit: 10_000 });
    if (!listed.ok) throw new Error(`Could not open a bench conversation: ${listed.error.message}`);
    await new Promise((resolve) => setImmediate(resolve));
  };
  const dryRun = (conversationId: string | null, content: string) =>
    engine.internals.chat.dryRun({ conversationId, content });
  const withoutEmbeddingMs = async (conversationId: string | null, content: string) => {
    const started = performance.now();
    const context = await dryRun(conversationId, content);
    return performance.now() - started - context.timings.embedMs;
  };
  const warmUp = workload.queries('warm-up');
  for (let i = 0; i < Math.min(WARM_UP, count); i++) await dryRun(targets[i]!, warmUp[i]!);
  const faultsBefore = process.resourceUsage().majorPageFault;

  const withEmbedding: number[] = [];
  const withoutEmbedding: number[] = [];
  const embedMs: number[] = [];
  let tokens = 0;
  let contextLength = 0;
  let hybrid = 0;
  const opened = workload.queries('opened');
  for (let i = 0; i < count; i++) {
    await open(targets[i]!);
    const started = performance.now();
    const context = await dryRun(targets[i]!, opened[i]!);
    const ms = performance.now() - started;
    withEmbedding.push(ms);
    embedMs.push(context.timings.embedMs);
    withoutEmbedding.push(ms - context.timings.embedMs);
    tokens += context.budget.used;
    contextLength = context.budget.contextLength;
    if (context.retrievalMode === 'hybrid') hybrid += 1;
  }

  const continuing: number[] = [];
  const continuingQueries = workload.queries('continuing');
  for (let i = 0; i < count; i++) {
    const conversationId = targets[i - (i % RUN_LENGTH)]!;
    if (i % RUN_LENGTH === 0) await open(conversationId);
    continuing.push(await withoutEmbeddingMs(conversationId, continuingQueries[i]!));
  }

  const unopened: number[] = [];
  const unopenedQueries = workload.queries('unopened');
  for (let i = 0; i < count; i++) {
    engine.internals.retriever.releaseHeldVectors();
    unopened.push(await withoutEmbeddingMs(targets[i]!, unopenedQueries[i]!));
  }

  const fresh: number[] = [];
  const freshQueries = workload.queries('new');
  for (let i = 0; i < count; i++) fresh.push(await withoutEmbeddingMs(null, freshQueries[i]!));

  const majorPageFaults = process.resourceUsage().majorPageFault - faultsBefore;

  const fts: number[] = [];
  const chroma: number[] = [];
  const historySearch: number[] = [];
  const model = engine.services.settings.embeddingModel();
  for (const query of workload.queries('retrievers')) {
    const vector = await engine.internals.queries.embed(query);
    if (!vector) throw new Error(`Could not embed a bench query with ${model}: is Ollama up and the model pulled?`);
    let started = performance.now();
    engine.internals.store.chunks.rank(query, { limit: CANDIDATES_PER_LIST, maxRows: KEYWORD_ROWS_WITH_VECTORS });
    fts.push(performance.now() - started);
    started = performance.now();
    await engine.internals.vectors.query('chunk', model, vector, { limit: CANDIDATES_PER_LIST });
    chroma.push(performance.now() - started);
    started = performance.now();
    engine.internals.store.chunks.search(query, { limit: HISTORY_PAGE });
    historySearch.push(performance.now() - started);
  }

  return {
    context_with_embedding_ms: timingsOf(withEmbedding),
    context_without_embedding_ms: timingsOf(withoutEmbedding),
    context_without_embedding_continuing_ms: timingsOf(continuing),
    context_without_embedding_unopened_ms: timingsOf(unopened),
    context_without_embedding_new_ms: timingsOf(fresh),
    embed_query_ms: timingsOf(embedMs),
    fts5_query_ms: timingsOf(fts),
    chroma_query_ms: timingsOf(chroma),
    history_search_ms: timingsOf(historySearch),
    context_length: contextLength,
    mean_context_tokens: round2(tokens / Math.max(1, count)),
    hybrid_share: round2(hybrid / Math.max(1, count)),
    major_page_faults: majorPageFaults,
  };
}
