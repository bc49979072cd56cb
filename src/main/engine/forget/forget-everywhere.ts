// "Forget this everywhere": from a memory, a message or typed words, finds what states the same
// thing (chat excerpts, summaries, memories) by hybrid search, for the user to confirm; then
// removes what they confirmed in one step (Store.forget), leaving no trace on disk.
import type { ForgetCandidate } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import type { ModelMemory } from '../memory';
import { ftsTerms, type HybridRetriever } from '../retrieval';
import type { Store } from '../store';

export type ForgetSource = { memoryId: string } | { messageId: string } | { text: string };

export interface ForgetEverywhereOptions {
  store: Store;
  retriever: HybridRetriever;
  memory: ModelMemory;
  embedQuery: (text: string) => Promise<number[] | null>;
}

/**
 * What counts as stating the same thing: most of the statement's words, or a vector this close
 * (cosine). Generous on purpose: the user sees every candidate and unticks what should stay.
 */
export const FORGET_MATCH = { wordShare: 0.6, similarity: 0.8 } as const;
const CANDIDATES = 40;

export class ForgetEverywhere {
  constructor(private readonly options: ForgetEverywhereOptions) {}

  /** The statement to forget and what states it, the source itself first. NOT_FOUND when nothing does. */
  async find(source: ForgetSource): Promise<{ statement: string; candidates: ForgetCandidate[] }> {
    const { statement, origin } = this.statementOf(source);
    const terms = ftsTerms(statement);
    if (terms.length === 0 && !origin)
      throw new MnemoError('INVALID_INPUT', 'Type a few words of what Mnemo should forget.');
    const embedding = await this.options.embedQuery(statement);
    const found = new Map<string, ForgetCandidate>();
    const add = (c: ForgetCandidate) => found.has(`${c.kind}:${c.id}`) || found.set(`${c.kind}:${c.id}`, c);
    if (origin) add(origin);
    for (const c of await this.chatCandidates(statement, terms, embedding)) add(c);
    for (const c of await this.memoryCandidates(statement, terms, embedding)) add(c);
    if (found.size === 0) {
      throw new MnemoError(
        'NOT_FOUND',
        `Nothing Mnemo keeps states “${statement.slice(0, 80)}”: no chat excerpt, summary or memory matched. Nothing was changed.`,
      );
    }
    return { statement, candidates: [...found.values()] };
  }

  private statementOf(source: ForgetSource): { statement: string; origin: ForgetCandidate | null } {
    const { store } = this.options;
    if ('memoryId' in source) {
      const memory = store.memories.get(source.memoryId);
      return {
        statement: memory.content,
        origin: {
          kind: 'memory',
          id: memory.id,
          text: memory.content,
          conversationId: memory.sourceConversationId,
          conversationTitle: null,
          createdAt: memory.updatedAt,
          match: 'source',
        },
      };
    }
    if ('messageId' in source) {
      const message = store.messages.get(source.messageId);
      const conversation = store.conversations.get(message.conversationId);
      return {
        statement: message.content,
        origin: {
          kind: 'message',
          id: message.id,
          text: message.content,
          conversationId: conversation.id,
          conversationTitle: conversation.title,
          createdAt: message.createdAt,
          match: 'source',
        },
      };
    }
    return { statement: source.text.trim(), origin: null };
  }

  private async chatCandidates(
    statement: string,
    terms: string[],
    embedding: number[] | null,
  ): Promise<ForgetCandidate[]> {
    const { store, retriever } = this.options;
    const retrieved = await retriever.retrieve({
      query: statement,
      queryEmbedding: embedding,
      conversationId: null,
      crossConversation: true,
      excludeResponseIds: new Set(),
      limit: CANDIDATES,
    });
    // Archived conversations and folded summaries too, which the prompt's retrieval leaves out.
    const keyword = store.chunks
      .search(statement, { limit: CANDIDATES, includeArchived: true })
      .flatMap((hit) => store.chunks.get(hit.chunkId) ?? []);
    const chunks = [
      ...retrieved.hits.map((h) => ({ chunk: h.chunk, similarity: h.similarity })),
      ...keyword.map((chunk) => ({ chunk, similarity: null })),
    ];
    const out: ForgetCandidate[] = [];
    for (const { chunk, similarity } of chunks) {
      const match = matchOf(terms, chunk.text, similarity);
      if (!match) continue;
      const title = store.conversations.find(chunk.conversationId)?.title ?? null;
      out.push({
        kind: chunk.type === 'summary' ? 'summary' : 'message',
        id: chunk.responseId,
        text: chunk.text,
        conversationId: chunk.conversationId,
        conversationTitle: title,
        createdAt: chunk.createdAt,
        match,
      });
    }
    return out;
  }

  private async memoryCandidates(
    statement: string,
    terms: string[],
    embedding: number[] | null,
  ): Promise<ForgetCandidate[]> {
    const hits = await this.options.memory.search(statement, { limit: CANDIDATES, queryEmbedding: embedding });
    return hits.flatMap((hit) => {
      const match = matchOf(terms, hit.memory.content, hit.similarity);
      const m = hit.memory;
      return match
        ? [
            {
              kind: 'memory' as const,
              id: m.id,
              text: m.content,
              conversationId: m.sourceConversationId,
              conversationTitle: null,
              createdAt: m.updatedAt,
              match,
            },
          ]
        : [];
    });
  }
}

/** Why a text counts as stating the statement, or null when it does not. */
function matchOf(terms: readonly string[], text: string, similarity: number | null): ForgetCandidate['match'] | null {
  if (terms.length > 0) {
    const words = new Set(ftsTerms(text));
    const shared = terms.filter((t) => words.has(t)).length;
    if (shared / terms.length >= FORGET_MATCH.wordShare) return 'words';
  }
  return similarity !== null && similarity >= FORGET_MATCH.similarity ? 'meaning' : null;
}
