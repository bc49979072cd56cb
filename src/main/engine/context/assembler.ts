// The context assembler: for a conversation and a new user message, builds the request for
// the model within its window. Sections, in order of claim on the budget: system prompt,
// tools and the message itself (always); recent turns (up to the history share); core
// memories; the running summary; relevant memories; retrieved excerpts from this and (unless
// turned off) other conversations; then more recent turns; then more excerpts.
import type { ContextReason } from '../../../shared/context-reasons';
import type { Chunk, Memory, Message } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import type { MemorySearchHit, ModelMemory } from '../memory';
import type { MessageHead, Store } from '../store';
import { labelSuperseded, replacementsOf } from './stale-excerpts';
import {
  excerptGroupHeader,
  excerptGroupKey,
  excerptHeader,
  excerptLine,
  FormatCost,
  HEADINGS,
  JOIN_SLACK,
  MESSAGE_OVERHEAD,
  memoryLine,
} from './layout';
import { Neighbourhood } from './neighbours';
import { REASONS, excerptReason, memoryReason, summaryReason, toolsReason } from './reasons';
import { letRequestsLeave, type HybridRetriever, type RetrievedChunk } from '../retrieval/retriever';
import {
  SECTIONS,
  type AssembledContext,
  type ChatMessage,
  type ContextItem,
  type ContextSection,
  type ChatTool,
} from './types';

export interface SectionShares {
  /** Unsummarised history beyond this share of the free budget triggers a summary. */
  history: number;
  /**
   * Recent turns taken before anything else, beyond the latest few which are always in (none by
   * default): the rest of the history competes with retrieved excerpts on relevance, so a
   * question about the past does not spend the budget on the last twenty turns.
   */
  recent: number;
  coreMemory: number;
  memory: number;
  summary: number;
  retrieved: number;
}

export const DEFAULT_SHARES: SectionShares = {
  history: 0.5,
  // Beyond the latest four turns, the history is searched like any other: 0.15 of the budget
  // kept for it before excerpts cost evidence on both data sets, asked in a long conversation
  // (LoCoMo one conversation / long among many at 2,000 and 4,000 tokens 0.727 / 0.809, 0.726 /
  // 0.805 with it, 0.735 / 0.817, 0.734 / 0.812 without; synthetic-recall-v1 0.875 / 0.946 in
  // both at 1,000 / 2,000 with it, 0.893 / 0.964 and 0.911 / 0.964 without). What the excerpts
  // leave is still filled with the newest turns.
  recent: 0,
  coreMemory: 0.1,
  memory: 0.1,
  summary: 0.15,
  retrieved: 1,
};
/** A hit's neighbour (the reply to it, the question it answered) is worth this share of the hit. */
export const NEIGHBOUR_SHARE = 0.5;
/**
 * The turn beyond a hit's exchange (the user's next message after a found reply, the reply a
 * found message followed up on) is worth this share: one step further from the hit than its
 * own exchange, it is often where a question asked in the exchange is answered.
 */
export const BEYOND_SHARE = 0.25;
/** The latest turns always in (two exchanges), whatever the recent share, while the history share holds them. */
export const MIN_RECENT_TURNS = 4;
/** Retrieval hits asked for at least, and one per this many tokens of the budget beyond that. */
const MIN_RETRIEVAL_HITS = 60;
const TOKENS_PER_HIT = 40;

export interface AssemblerSettings {
  systemPrompt: string;
  crossConversationDefault: boolean;
}

export interface ContextAssemblerOptions {
  store: Store;
  retriever: HybridRetriever;
  memory: ModelMemory;
  countTokens: (text: string) => number;
  /** The query's vector, or null when Ollama or Chroma cannot give one now. */
  embedQuery: (text: string) => Promise<number[] | null>;
  settings: () => AssemblerSettings;
  shares?: Partial<SectionShares>;
  /** How many retrieval hits to consider, and relevant memories to include at most. */
  maxRetrievalHits?: number;
  maxRelevantMemories?: number;
  /** A hit's neighbours join the queue at this share of its score (see `addExcerpts`). */
  neighbourShare?: number;
  /** The turn beyond a hit's exchange joins the queue at this share of its score. */
  beyondShare?: number;
}

export interface AssembleRequest {
  /** Null for a message that starts a new conversation. */
  conversationId: string | null;
  userMessage: string;
  /** The stored user message, so it is not counted twice. */
  userMessageId?: string | null;
  contextLength: number;
  reservedOutput: number;
  tools?: ChatTool[];
  crossConversation?: boolean;
  /** A temporary chat reads no memory and nothing from other conversations. */
  temporary?: boolean;
}

const HISTORY_WINDOW = 400;
/** Turns read from the heads index at a time: the history share of most windows is filled by one. */
const HISTORY_PAGE = 64;

/** Which conversation a turn is in, what it may read, and the settings it is assembled with. */
interface TurnScope {
  conversationId: string | null;
  temporary: boolean;
  crossConversation: boolean;
  tools: ChatTool[];
  systemPrompt: string;
}

/** The searches a turn starts before the history is worked out. */
interface Searches {
  embedMs: number;
  retrieveStart: number;
  pinned: Memory[];
  excerpts: ReturnType<HybridRetriever['begin']>;
  memories: Promise<MemorySearchHit[]> | null;
}

/** One pass of taking excerpts: into what, past which messages, within which budget and cap. */
interface ExcerptPass {
  into: Excerpts;
  /** Messages (and summaries) already in the prompt by other routes. */
  exclude: ReadonlySet<string>;
  budget: Budget;
  /** Spent budget at which this pass stops. */
  cap: number;
  /** The conversation being answered: its excerpts are headed as such. */
  conversationId: string | null;
}

interface ExcerptCandidate {
  chunk: Chunk;
  score: number;
  reason: ContextReason;
}

/** What the prompt is written from: the items taken, in their sections, and how to label them. */
interface PromptParts {
  systemPrompt: string;
  core: ContextItem[];
  memories: ContextItem[];
  summary: ContextItem[];
  excerpts: ContextItem[];
  excerptRoles: ReadonlyMap<string, Chunk['role']>;
  recent: ContextItem[];
  recentRoles: ReadonlyMap<string, Message['role']>;
  userMessage: string;
  conversationId: string | null;
}

export class ContextAssembler {
  private readonly shares: SectionShares;
  private readonly format: FormatCost;
  private readonly maxRelevantMemories: number;
  private readonly neighbourShare: number;
  private readonly beyondShare: number;

  constructor(private readonly options: ContextAssemblerOptions) {
    this.shares = { ...DEFAULT_SHARES, ...options.shares };
    this.maxRelevantMemories = options.maxRelevantMemories ?? 8;
    this.neighbourShare = options.neighbourShare ?? NEIGHBOUR_SHARE;
    this.beyondShare = options.beyondShare ?? BEYOND_SHARE;
    this.format = new FormatCost(options.countTokens);
  }

  async assemble(request: AssembleRequest): Promise<AssembledContext> {
    const started = performance.now();
    const scope = this.scopeOf(request);
    const fixed = this.fixedPart(request, scope);
    const budget = new Budget(fixed.available - fixed.tokens);
    const searches = await this.startSearches(request, scope, budget);
    const history = new RecentTurns(this.options.store, scope.conversationId, request.userMessageId ?? null);
    const unsummarised = scope.conversationId
      ? this.unsummarisedTokens(scope.conversationId, request.userMessageId ?? null)
      : 0;
    const shares = {
      history: Math.floor(budget.total * this.shares.history),
      recent: Math.floor(budget.total * this.shares.recent),
    };
    const recent = takeLatestTurns(history, budget, shares);
    const core = this.coreMemories(searches.pinned, budget);
    const summary = scope.conversationId ? this.summaryItems(scope.conversationId, budget) : [];
    // Already in the prompt by other routes: recent turns, this conversation's summary, and
    // the message being answered (indexed by the time a reply is regenerated).
    const exclude = new Set<string>([
      ...recent.ids,
      ...summary.map((s) => s.source.summaryId!),
      ...(request.userMessageId ? [request.userMessageId] : []),
    ]);
    const retrieval = this.onActivePaths(await searches.excerpts.finish(exclude));
    // Memories take their budget before excerpts.
    const memories = searches.memories ? this.relevantMemories(await searches.memories, core, budget) : [];
    const excerpts = {
      hits: retrieval.hits,
      neighbours: new Neighbourhood(this.options.store),
      into: new Excerpts(),
      budget,
      conversationId: scope.conversationId,
    };
    this.addExcerpts({ ...excerpts, exclude, cap: budget.spent + Math.floor(budget.total * this.shares.retrieved) });
    const retrieveMs = performance.now() - searches.retrieveStart;
    // Room left: more of this conversation's turns, contiguous, then more excerpts.
    takeOlderTurns(history, budget, recent, excerpts.into);
    this.addExcerpts({ ...excerpts, exclude: new Set([...exclude, ...recent.ids]), cap: Number.POSITIVE_INFINITY });

    const recentTurns = history.read().filter((t) => recent.ids.has(t.id));
    const texts = this.options.store.messages.contents([...recent.ids]);
    const recentItems = recentTurns.map((t) => this.recentItem(t, texts.get(t.id) ?? ''));
    const excerptItems = this.orderExcerpts(excerpts.into, [...core, ...memories], budget, scope.conversationId);
    const items = [
      ...fixed.items.filter((i) => i.section !== 'user'),
      ...core,
      ...memories,
      ...summary,
      ...excerptItems,
      ...recentItems,
      fixed.userItem,
    ];
    return {
      conversationId: scope.conversationId,
      query: request.userMessage,
      messages: this.render({
        systemPrompt: scope.systemPrompt,
        core,
        memories,
        summary,
        excerpts: excerptItems,
        excerptRoles: excerpts.into.roles,
        recent: recentItems,
        recentRoles: new Map(recentTurns.map((t) => [t.id, t.role])),
        userMessage: request.userMessage,
        conversationId: scope.conversationId,
      }),
      tools: scope.tools,
      items,
      budget: {
        contextLength: request.contextLength,
        reservedOutput: request.reservedOutput,
        available: fixed.available,
        used: fixed.tokens + budget.spent,
        bySection: tokensBySection(items),
      },
      history: { unsummarisedTokens: unsummarised, share: shares.history, overflowing: unsummarised > shares.history },
      timings: { embedMs: searches.embedMs, retrieveMs, totalMs: performance.now() - started },
      retrievalMode: retrieval.mode,
    };
  }

  /** Which conversation, what it may read, and the settings of this turn. */
  private scopeOf(request: AssembleRequest): TurnScope {
    const settings = this.options.settings();
    const conversation = request.conversationId ? this.options.store.conversations.get(request.conversationId) : null;
    const temporary = request.temporary ?? conversation?.temporary ?? false;
    const crossConversation =
      !temporary &&
      (request.crossConversation ?? conversation?.settings.crossConversation ?? settings.crossConversationDefault);
    return {
      conversationId: conversation?.id ?? null,
      temporary,
      crossConversation,
      tools: request.tools ?? [],
      systemPrompt: settings.systemPrompt,
    };
  }

  /** Always in: the system prompt, the tool schemas and the message itself; INVALID_INPUT when they alone do not fit. */
  private fixedPart(
    request: AssembleRequest,
    scope: TurnScope,
  ): { items: ContextItem[]; userItem: ContextItem; tokens: number; available: number } {
    const available = request.contextLength - request.reservedOutput;
    const items = this.fixedItems(request, scope.systemPrompt, scope.tools);
    const userItem = items.at(-1)!;
    const tokens = items.reduce((sum, item) => sum + item.tokens, 0);
    if (tokens > available) {
      throw new MnemoError(
        'INVALID_INPUT',
        `This message is too long for the model's window: it needs ${tokens} tokens with the system prompt, and ${available} are available. Shorten it or choose a model with a larger context.`,
        { needed: tokens, available },
      );
    }
    return { items, userItem, tokens, available };
  }

  /**
   * Keeps the hits said on their conversation's active path: another branch's turns (an older
   * version of a reply, what followed before the user branched) stay searchable in History,
   * but the model is not told them as if they had been said.
   */
  private onActivePaths<R extends { hits: RetrievedChunk[] }>(retrieval: R): R {
    const { tree } = this.options.store;
    const branched = tree.branched([...new Set(retrieval.hits.map((hit) => hit.chunk.conversationId))]);
    if (branched.size === 0) return retrieval;
    const off = tree.offActivePath([
      ...new Set(
        retrieval.hits.filter((hit) => branched.has(hit.chunk.conversationId)).map((hit) => hit.chunk.responseId),
      ),
    ]);
    return off.size === 0
      ? retrieval
      : { ...retrieval, hits: retrieval.hits.filter((hit) => !off.has(hit.chunk.responseId)) };
  }

  /**
   * What a message needs at least, with the system prompt and the tools, against what the
   * prompt may use: the check `assemble` refuses an oversized message by, made before sending.
   */
  measure(request: Pick<AssembleRequest, 'userMessage' | 'contextLength' | 'reservedOutput' | 'tools'>): {
    tokens: number;
    available: number;
  } {
    const fixed = this.fixedItems(
      { ...request, conversationId: null },
      this.options.settings().systemPrompt,
      request.tools ?? [],
    );
    return {
      tokens: fixed.reduce((sum, item) => sum + item.tokens, 0),
      available: request.contextLength - request.reservedOutput,
    };
  }

  /** The items always in, the message itself last. */
  private fixedItems(
    request: Pick<AssembleRequest, 'conversationId' | 'userMessage' | 'userMessageId'>,
    systemPrompt: string,
    tools: readonly ChatTool[],
  ): ContextItem[] {
    const fixed: ContextItem[] = [
      {
        section: 'system',
        text: systemPrompt,
        tokens: this.format.of(systemPrompt) + MESSAGE_OVERHEAD,
        score: null,
        reason: REASONS.system,
        source: {},
      },
    ];
    if (tools.length > 0) {
      // Counted in the shape Ollama receives them (see llm/ollama-client.ts toWireTool).
      const schema = JSON.stringify(tools.map((tool) => ({ type: 'function', function: tool })));
      fixed.push({
        section: 'tools',
        text: schema,
        tokens: this.format.of(schema),
        score: null,
        reason: toolsReason(tools.length),
        source: {},
      });
    }
    fixed.push({
      section: 'user',
      text: request.userMessage,
      tokens: this.options.countTokens(request.userMessage) + MESSAGE_OVERHEAD,
      score: null,
      reason: REASONS.user,
      source: {
        ...(request.conversationId ? { conversationId: request.conversationId } : {}),
        ...(request.userMessageId ? { messageId: request.userMessageId } : {}),
      },
    });
    return fixed;
  }

  /**
   * The vector searches (excerpts, memories) leave first: Chroma answers them while the
   * history, memories and keyword searches are worked out in this process.
   */
  private async startSearches(request: AssembleRequest, scope: TurnScope, budget: Budget): Promise<Searches> {
    const embedStart = performance.now();
    const embedding = await this.options.embedQuery(request.userMessage);
    const embedMs = performance.now() - embedStart;
    const retrieveStart = performance.now();
    const pinned = scope.temporary ? [] : this.options.store.memories.list({ pinnedOnly: true });
    const excerpts = this.options.retriever.begin({
      query: request.userMessage,
      queryEmbedding: embedding,
      conversationId: scope.conversationId,
      crossConversation: scope.crossConversation,
      limit: this.options.maxRetrievalHits ?? Math.max(MIN_RETRIEVAL_HITS, Math.ceil(budget.total / TOKENS_PER_HIT)),
    });
    // As many more as pinned memories could be skipped for being in already.
    const memories = scope.temporary
      ? null
      : this.options.memory.search(request.userMessage, {
          limit: this.maxRelevantMemories + pinned.length,
          queryEmbedding: embedding,
        });
    // Awaited only after the work that follows: until then a failure must not count as unhandled.
    memories?.catch(() => undefined);
    await letRequestsLeave();
    return { embedMs, retrieveStart, pinned, excerpts, memories };
  }

  /** Excerpts oldest first; those stating what a memory here has since replaced go last, labelled (stale-excerpts.ts). */
  private orderExcerpts(
    excerpts: Excerpts,
    memories: ContextItem[],
    budget: Budget,
    conversationId: string | null,
  ): ContextItem[] {
    const byTime = [...excerpts.items.values()].sort(
      (a, b) =>
        (a.timestamp ?? 0) - (b.timestamp ?? 0) ||
        (a.source.chunkIds?.[0] ?? '').localeCompare(b.source.chunkIds?.[0] ?? '', 'en', { numeric: true }),
    );
    return labelSuperseded(
      byTime,
      replacementsOf(this.options.store, memories),
      // A superseded excerpt is written on its own under its labelled header, not as a line of its day.
      (item) =>
        this.format.of(excerptHeader(item, 'user', item.source.conversationId === conversationId)) +
        JOIN_SLACK -
        this.format.of(excerptLine('user')),
      (tokens) => budget.take(tokens),
    );
  }

  /** Tokens of the shown turns (within the history window) that no summary covers yet. */
  private unsummarisedTokens(conversationId: string, excludeId: string | null): number {
    const { store } = this.options;
    const since = store.messages.shownSince(
      conversationId,
      store.summaries.coveredThrough(conversationId),
      excludeId,
      HISTORY_WINDOW,
    );
    return since.tokens + since.turns * MESSAGE_OVERHEAD;
  }

  private recentItem(message: MessageHead, text: string): ContextItem {
    return {
      section: 'recent',
      text,
      tokens: turnTokens(message),
      score: null,
      reason: message.status === 'stopped' ? REASONS.recentStopped : REASONS.recent,
      source: { conversationId: message.conversationId, messageId: message.id },
      timestamp: message.createdAt,
    };
  }

  private coreMemories(pinned: readonly Memory[], budget: Budget): ContextItem[] {
    const cap = budget.spent + Math.floor(budget.total * this.shares.coreMemory);
    const items: ContextItem[] = [];
    for (const memory of pinned) {
      const tokens =
        memory.tokenCount +
        this.format.of(memoryLine('')) +
        JOIN_SLACK +
        (items.length === 0 ? this.format.of(HEADINGS.core_memory!) : 0);
      if (budget.spent + tokens > cap || !budget.take(tokens)) continue;
      items.push({
        section: 'core_memory',
        text: memory.content,
        tokens,
        score: null,
        reason: REASONS.corePinned,
        source: { memoryId: memory.id },
        timestamp: memory.updatedAt,
      });
    }
    return items;
  }

  private summaryItems(conversationId: string, budget: Budget): ContextItem[] {
    const cap = budget.spent + Math.floor(budget.total * this.shares.summary);
    const summaries = this.options.store.summaries.current(conversationId);
    const items: ContextItem[] = [];
    // Newest first: when not all fit, the latest (which folds the older ones) matters most.
    for (const summary of [...summaries].reverse()) {
      const tokens = summary.tokenCount + JOIN_SLACK + (items.length === 0 ? this.format.of(HEADINGS.summary!) : 0);
      if (budget.spent + tokens > cap || !budget.take(tokens)) continue;
      items.unshift({
        section: 'summary',
        text: summary.content,
        tokens,
        score: null,
        reason: summaryReason(summary.firstSeq, summary.lastSeq, summary.trigger),
        source: {
          conversationId,
          summaryId: summary.id,
          coveredMessageIds: this.options.store.summaries.coveredMessageIds(summary.id),
        },
        timestamp: summary.createdAt,
      });
    }
    return items;
  }

  private relevantMemories(hits: readonly MemorySearchHit[], core: ContextItem[], budget: Budget): ContextItem[] {
    const cap = budget.spent + Math.floor(budget.total * this.shares.memory);
    const skip = new Set(core.map((c) => c.source.memoryId));
    const items: ContextItem[] = [];
    for (const hit of hits) {
      if (skip.has(hit.memory.id) || items.length >= this.maxRelevantMemories) continue;
      const tokens =
        hit.memory.tokenCount +
        this.format.of(memoryLine('')) +
        JOIN_SLACK +
        (items.length === 0 ? this.format.of(HEADINGS.memory!) : 0);
      if (budget.spent + tokens > cap || !budget.take(tokens)) continue;
      items.push({
        section: 'memory',
        text: hit.memory.content,
        tokens,
        score: hit.score,
        reason: memoryReason(hit),
        source: { memoryId: hit.memory.id },
        timestamp: hit.memory.updatedAt,
      });
    }
    return items;
  }

  /**
   * Adds hits best first up to `cap`. "Best" weighs relevance against cost: beyond a short
   * turn's size an excerpt's score is divided by the square root of how many times longer it
   * is, so one long, loosely related chunk does not crowd out many short, closer ones, while a
   * clearly best long chunk still comes early. A hit's neighbours (the rest of its message, the
   * reply to it) join the queue at half its score rather than jumping it.
   */
  private addExcerpts(pass: ExcerptPass & { hits: readonly RetrievedChunk[]; neighbours: Neighbourhood }): void {
    const { hits, neighbours, budget, cap } = pass;
    const queue: { chunk: Chunk; score: number; reason: ContextReason; priority: number; hit: boolean }[] = hits.map(
      (hit) => ({
        chunk: hit.chunk,
        score: hit.score,
        reason: excerptReason(hit),
        priority: costWeighted(hit.score, hit.chunk.tokenCount),
        hit: true,
      }),
    );
    // Hits taken whose neighbours are not queued yet. A neighbour's priority is at most its share
    // of its hit's score, so until the best in the queue is down to that, no neighbour could come
    // before it: the neighbours of all of these are read then, in one batch, and queued as if
    // each had joined when its hit was taken. Neighbours nothing gets to are never read.
    let unqueued: { chunk: Chunk; score: number }[] = [];
    let unqueuedBound = Number.NEGATIVE_INFINITY;
    while (budget.spent < cap) {
      let best = queue.length > 0 ? 0 : -1;
      for (let i = 1; i < queue.length; i++) if (queue[i]!.priority > queue[best]!.priority) best = i;
      if (unqueued.length > 0 && (best < 0 || queue[best]!.priority <= unqueuedBound)) {
        neighbours.load(unqueued.map((taken) => taken.chunk));
        for (const taken of unqueued) {
          for (const neighbour of neighbours.of(taken.chunk)) {
            const score = taken.score * (neighbour.side === 'exchange' ? this.neighbourShare : this.beyondShare);
            queue.push({
              chunk: neighbour.chunk,
              score,
              reason: neighbour.reason,
              priority: costWeighted(score, neighbour.chunk.tokenCount),
              hit: false,
            });
          }
        }
        unqueued = [];
        unqueuedBound = Number.NEGATIVE_INFINITY;
        continue;
      }
      if (best < 0) break;
      const next = queue.splice(best, 1)[0]!;
      if (!this.addExcerpt(next, pass) || !next.hit) continue;
      unqueued.push(next);
      unqueuedBound = Math.max(unqueuedBound, next.score * Math.max(this.neighbourShare, this.beyondShare));
    }
  }

  private addExcerpt(
    { chunk, score, reason }: ExcerptCandidate,
    { into, exclude, budget, cap, conversationId }: ExcerptPass,
  ): boolean {
    if (into.has(chunk.id) || exclude.has(chunk.responseId) || chunk.archived) return false;
    const current = chunk.conversationId === conversationId;
    const group = excerptGroupKey(chunk.conversationId, chunk.createdAt);
    // The first excerpt of its conversation and day pays for the group's header.
    const header = into.hasGroup(group) ? 0 : this.format.of(excerptGroupHeader(chunk.createdAt, current)) + JOIN_SLACK;
    const line = this.format.of(excerptLine(chunk.type === 'summary' ? 'summary' : chunk.role));
    const tokens =
      chunk.tokenCount + line + JOIN_SLACK + header + (into.size === 0 ? this.format.of(HEADINGS.retrieved!) : 0);
    if (budget.spent + tokens > cap || !budget.take(tokens)) return false;
    into.add(chunk, {
      section: 'retrieved',
      text: chunk.text,
      tokens,
      score,
      reason,
      source: {
        conversationId: chunk.conversationId,
        messageId: chunk.responseId,
        chunkIds: [chunk.id],
        ...(chunk.type === 'summary' ? { summaryId: chunk.responseId } : {}),
      },
      timestamp: chunk.createdAt,
    });
    return true;
  }

  private render({
    systemPrompt,
    core,
    memories,
    summary,
    excerpts,
    excerptRoles,
    recent,
    recentRoles,
    userMessage,
    conversationId,
  }: PromptParts): ChatMessage[] {
    let system = systemPrompt;
    if (core.length > 0) system += HEADINGS.core_memory + core.map((i) => memoryLine(i.text)).join('');
    if (memories.length > 0) system += HEADINGS.memory + memories.map((i) => memoryLine(i.text)).join('');
    if (summary.length > 0) system += HEADINGS.summary + summary.map((i) => i.text).join('\n\n');
    if (excerpts.length > 0) {
      system += HEADINGS.retrieved;
      for (const group of excerptGroups(excerpts.filter((item) => !item.supersededBy))) {
        system += excerptGroupHeader(group[0]!.timestamp, group[0]!.source.conversationId === conversationId);
        let previous: string | undefined;
        for (const item of group) {
          // Consecutive parts of one message read as one excerpt.
          const continues = previous !== undefined && previous === item.source.messageId;
          const role = item.source.summaryId ? 'summary' : (excerptRoles.get(item.source.chunkIds![0]!) ?? 'user');
          system += continues ? item.text : excerptLine(role) + item.text;
          previous = item.source.messageId;
        }
      }
      // Out-of-date excerpts last, each under a header saying when it was said and what holds now.
      for (const item of excerpts.filter((i) => i.supersededBy)) {
        const role = item.source.summaryId ? 'summary' : (excerptRoles.get(item.source.chunkIds![0]!) ?? 'user');
        system += excerptHeader(item, role, item.source.conversationId === conversationId) + item.text;
      }
    }
    const messages: ChatMessage[] = [{ role: 'system', content: system }];
    for (const item of recent)
      messages.push({ role: recentRoles.get(item.source.messageId!) ?? 'user', content: item.text });
    messages.push({ role: 'user', content: userMessage });
    return messages;
  }
}

/**
 * A conversation's shown turns newest first (the message being answered left out), read from
 * the heads index a page at a time as the budget asks for older ones, up to the history window:
 * most turns fill the history share with the newest few dozen.
 */
class RecentTurns {
  private readonly heads: MessageHead[] = [];
  private rows = 0;
  private beforeSeq: number | null = null;
  private done: boolean;

  constructor(
    private readonly store: Store,
    private readonly conversationId: string | null,
    private readonly excludeId: string | null,
  ) {
    this.done = conversationId === null;
  }

  /** The turn `older` places back from the newest (0 is the newest), or undefined past the oldest. */
  at(older: number): MessageHead | undefined {
    while (older >= this.heads.length && !this.done) this.readPage();
    return this.heads[older];
  }

  /** The turns read so far, oldest first. */
  read(): MessageHead[] {
    return [...this.heads].reverse();
  }

  private readPage(): void {
    const limit = Math.min(HISTORY_PAGE, HISTORY_WINDOW - this.rows);
    const page = this.store.messages.headsBefore(this.conversationId!, this.beforeSeq, limit);
    for (const head of page.heads) if (head.id !== this.excludeId) this.heads.push(head);
    this.rows += page.rows;
    this.beforeSeq = page.oldestSeq;
    this.done = page.rows < limit || this.rows >= HISTORY_WINDOW;
  }
}

/** The excerpts taken so far, by chunk id, with the role each chunk was said in (for rendering). */
class Excerpts {
  readonly items = new Map<string, ContextItem>();
  readonly roles = new Map<string, Chunk['role']>();
  readonly messageIds = new Set<string>();
  private readonly groups = new Set<string>();

  get size(): number {
    return this.items.size;
  }

  has(chunkId: string): boolean {
    return this.items.has(chunkId);
  }

  hasGroup(key: string): boolean {
    return this.groups.has(key);
  }

  add(chunk: Chunk, item: ContextItem): void {
    this.items.set(chunk.id, item);
    this.roles.set(chunk.id, chunk.role);
    this.messageIds.add(chunk.responseId);
    this.groups.add(excerptGroupKey(chunk.conversationId, chunk.createdAt));
  }
}

/** Excerpts (oldest first) in their groups, each group whole, in the order of its oldest excerpt. */
function excerptGroups(excerpts: readonly ContextItem[]): ContextItem[][] {
  const groups = new Map<string, ContextItem[]>();
  for (const item of excerpts) {
    const key = excerptGroupKey(item.source.conversationId, item.timestamp);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}

/** The turns taken for the prompt, and how far back the history was walked. */
interface TakenTurns {
  ids: Set<string>;
  /** Turns looked at from the newest: the next older one is `history.at(older)`. */
  older: number;
}

/**
 * The latest turns newest first, within the recent share (the latest few always, within the
 * history share). Turns are budgeted by their stored counts; only those taken are read, at the end.
 */
function takeLatestTurns(
  history: RecentTurns,
  budget: Budget,
  shares: { history: number; recent: number },
): TakenTurns {
  const taken: TakenTurns = { ids: new Set<string>(), older: 0 };
  for (let turn = history.at(taken.older); turn; turn = history.at(taken.older)) {
    const tokens = turnTokens(turn);
    const share = taken.older < MIN_RECENT_TURNS ? shares.history : shares.recent;
    if (budget.spent + tokens > share || !budget.take(tokens)) break;
    taken.ids.add(turn.id);
    taken.older += 1;
  }
  return taken;
}

/** With room left: older turns of this conversation, contiguous, skipping those already in as excerpts. */
function takeOlderTurns(history: RecentTurns, budget: Budget, taken: TakenTurns, excerpts: Excerpts): void {
  for (let turn = history.at(taken.older); turn; turn = history.at(++taken.older)) {
    if (excerpts.messageIds.has(turn.id)) continue;
    if (!budget.take(turnTokens(turn))) break;
    taken.ids.add(turn.id);
  }
}

function tokensBySection(items: readonly ContextItem[]): Record<ContextSection, number> {
  const bySection = Object.fromEntries(SECTIONS.map((s) => [s, 0])) as Record<ContextSection, number>;
  for (const item of items) bySection[item.section] += item.tokens;
  return bySection;
}

/** A turn's cost in the prompt: its stored count and the chat message around it. */
const turnTokens = (turn: MessageHead): number => turn.tokenCount + MESSAGE_OVERHEAD;

/** Size up to which an excerpt costs no relevance: a short turn with its header. */
const SHORT_EXCERPT_TOKENS = 64;

function costWeighted(score: number, tokens: number): number {
  return tokens <= SHORT_EXCERPT_TOKENS ? score : score / Math.sqrt(tokens / SHORT_EXCERPT_TOKENS);
}

/** Tokens left for everything beyond the fixed part of the prompt. */
class Budget {
  spent = 0;
  constructor(readonly total: number) {}
  take(tokens: number): boolean {
    if (this.spent + tokens > this.total) return false;
    this.spent += tokens;
    return true;
  }
}
