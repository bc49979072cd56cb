// The context assembler: for a conversation and a new user message, builds the request for
// the model within its window. Sections, in order of claim on the budget: system prompt,
// tools and the message itself (always); recent turns (up to the history share); core
// memories; the running summary; relevant memories; retrieved excerpts from this and (unless
// turned off) other conversations; then more recent turns; then more excerpts.
import type { Chunk, Memory, Message } from '../../../shared/domain';
import { MnemoError } from '../../../shared/errors';
import type { MemorySearchHit, ModelMemory } from '../memory';
import type { MessageHead, Store } from '../store';
import { labelSuperseded, replacementsOf } from './stale-excerpts';
import { excerptGroupHeader, excerptGroupKey, excerptHeader, excerptLine, FormatCost, HEADINGS, JOIN_SLACK, MESSAGE_OVERHEAD, memoryLine } from './layout';
import { Neighbourhood } from './neighbours';
import { REASONS, excerptReason, memoryReason, summaryReason, toolsReason } from './reasons';
import { letRequestsLeave, type HybridRetriever, type RetrievedChunk } from '../retrieval/retriever';
import { SECTIONS, type AssembledContext, type ChatMessage, type ContextItem, type ContextSection, type ChatTool } from './types';

export interface SectionShares {
  /** Unsummarised history beyond this share of the free budget triggers a summary. */
  history: number;
  /**
   * Recent turns taken before anything else, beyond the latest few which are always in: the
   * rest of the history competes with retrieved excerpts on relevance, so a question about the
   * past does not spend half the budget on the last twenty turns.
   */
  recent: number;
  coreMemory: number;
  memory: number;
  summary: number;
  retrieved: number;
}

export const DEFAULT_SHARES: SectionShares = { history: 0.5, recent: 0.15, coreMemory: 0.1, memory: 0.1, summary: 0.15, retrieved: 1 };
/** A hit's neighbour (the reply to it, the question it answered) is worth this share of the hit. */
export const NEIGHBOUR_SHARE = 0.5;
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

export class ContextAssembler {
  private readonly shares: SectionShares;
  private readonly format: FormatCost;
  private readonly maxRelevantMemories: number;
  private readonly neighbourShare: number;

  constructor(private readonly options: ContextAssemblerOptions) {
    this.shares = { ...DEFAULT_SHARES, ...options.shares };
    this.maxRelevantMemories = options.maxRelevantMemories ?? 8;
    this.neighbourShare = options.neighbourShare ?? NEIGHBOUR_SHARE;
    this.format = new FormatCost(options.countTokens);
  }

  async assemble(request: AssembleRequest): Promise<AssembledContext> {
    const started = performance.now();
    const { store } = this.options;
    const settings = this.options.settings();
    const conversation = request.conversationId ? store.conversations.get(request.conversationId) : null;
    const temporary = request.temporary ?? conversation?.temporary ?? false;
    const crossConversation = !temporary && (request.crossConversation ?? conversation?.settings.crossConversation ?? settings.crossConversationDefault);
    const tools = request.tools ?? [];

    // Always in: the system prompt, the tool schemas and the message itself.
    const available = request.contextLength - request.reservedOutput;
    const fixed = this.fixedItems(request, settings.systemPrompt, tools);
    const userItem = fixed.at(-1)!;
    const fixedTokens = fixed.reduce((sum, item) => sum + item.tokens, 0);
    if (fixedTokens > available) {
      throw new MnemoError('INVALID_INPUT', `This message is too long for the model's window: it needs ${fixedTokens} tokens with the system prompt, and ${available} are available. Shorten it or choose a model with a larger context.`, { needed: fixedTokens, available });
    }
    const budget = new Budget(available - fixedTokens);

    // The vector searches (excerpts, memories) leave first: Chroma answers them while the
    // history, memories and keyword searches below are worked out in this process.
    const embedStart = performance.now();
    const embedding = await this.options.embedQuery(request.userMessage);
    const embedMs = performance.now() - embedStart;
    const retrieveStart = performance.now();
    const pinned = temporary ? [] : store.memories.list({ pinnedOnly: true });
    const excerptSearch = this.options.retriever.begin({
      query: request.userMessage,
      queryEmbedding: embedding,
      conversationId: conversation?.id ?? null,
      crossConversation,
      limit: this.options.maxRetrievalHits ?? Math.max(MIN_RETRIEVAL_HITS, Math.ceil(budget.total / TOKENS_PER_HIT)),
    });
    // As many more as pinned memories could be skipped for being in already.
    const memorySearch = temporary ? null : this.options.memory.search(request.userMessage, { limit: this.maxRelevantMemories + pinned.length, queryEmbedding: embedding });
    // Awaited only after the work below: until then a failure must not count as unhandled.
    memorySearch?.catch(() => undefined);
    await letRequestsLeave();

    // History: the latest turns newest first, within the recent share (the latest few always).
    const history = new RecentTurns(store, conversation?.id ?? null, request.userMessageId ?? null);
    const unsummarised = conversation ? this.unsummarisedTokens(conversation.id, request.userMessageId ?? null) : 0;
    const historyShare = Math.floor(budget.total * this.shares.history);
    const recentShare = Math.floor(budget.total * this.shares.recent);
    // Turns are budgeted by their stored counts; only those taken are read, at the end.
    const recent = new Set<string>();
    let older = 0;
    for (let turn = history.at(older); turn; turn = history.at(older)) {
      const tokens = turnTokens(turn);
      const share = older < MIN_RECENT_TURNS ? historyShare : recentShare;
      if (budget.spent + tokens > share || !budget.take(tokens)) break;
      recent.add(turn.id);
      older += 1;
    }

    const core = this.coreMemories(pinned, budget);
    const summary = conversation ? this.summaryItems(conversation.id, budget) : [];

    // Already in the prompt by other routes: recent turns, this conversation's summary, and
    // the message being answered (indexed by the time a reply is regenerated).
    const exclude = new Set<string>([...recent, ...summary.map((s) => s.source.summaryId!), ...(request.userMessageId ? [request.userMessageId] : [])]);
    const retrieval = await excerptSearch.finish(exclude);
    // Memories take their budget before excerpts.
    const memories = memorySearch ? this.relevantMemories(await memorySearch, core, budget) : [];
    // Neighbours are read as they could be needed, and once for both passes.
    const neighbours = new Neighbourhood(store);
    const retrieved = new Excerpts();
    const retrievedCap = budget.spent + Math.floor(budget.total * this.shares.retrieved);
    this.addExcerpts(retrieval.hits, neighbours, retrieved, exclude, budget, retrievedCap, conversation?.id ?? null);
    const retrieveMs = performance.now() - retrieveStart;

    // Room left: more of this conversation's turns, contiguous, then more excerpts.
    for (let turn = history.at(older); turn; turn = history.at(++older)) {
      if (retrieved.messageIds.has(turn.id)) continue;
      if (!budget.take(turnTokens(turn))) break;
      recent.add(turn.id);
    }
    this.addExcerpts(retrieval.hits, neighbours, retrieved, new Set([...exclude, ...recent]), budget, Number.POSITIVE_INFINITY, conversation?.id ?? null);

    const texts = this.options.store.messages.contents([...recent]);
    const recentTurns = history.read().filter((t) => recent.has(t.id));
    const recentItems = recentTurns.map((t) => this.recentItem(t, texts.get(t.id) ?? ''));
    const byTime = [...retrieved.items.values()].sort(
      (a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0) || (a.source.chunkIds?.[0] ?? '').localeCompare(b.source.chunkIds?.[0] ?? '', 'en', { numeric: true }),
    );
    // Excerpts stating what a memory here has since replaced go last, labelled (stale-excerpts.ts).
    const excerptItems = labelSuperseded(
      byTime,
      replacementsOf(store, [...core, ...memories]),
      // A superseded excerpt is written on its own under its labelled header, not as a line of its day.
      (item) => this.format.of(excerptHeader(item, 'user', item.source.conversationId === conversation?.id)) + JOIN_SLACK - this.format.of(excerptLine('user')),
      (tokens) => budget.take(tokens),
    );
    const items = [...fixed.filter((i) => i.section !== 'user'), ...core, ...memories, ...summary, ...excerptItems, ...recentItems, userItem];
    const bySection = Object.fromEntries(SECTIONS.map((s) => [s, 0])) as Record<ContextSection, number>;
    for (const item of items) bySection[item.section] += item.tokens;

    return {
      conversationId: conversation?.id ?? null,
      query: request.userMessage,
      messages: this.render(settings.systemPrompt, core, memories, summary, excerptItems, retrieved.roles, recentItems, request.userMessage, conversation?.id ?? null, new Map(recentTurns.map((t) => [t.id, t.role]))),
      tools,
      items,
      budget: { contextLength: request.contextLength, reservedOutput: request.reservedOutput, available, used: fixedTokens + budget.spent, bySection },
      history: { unsummarisedTokens: unsummarised, share: historyShare, overflowing: unsummarised > historyShare },
      timings: { embedMs, retrieveMs, totalMs: performance.now() - started },
      retrievalMode: retrieval.mode,
    };
  }

  /**
   * What a message needs at least, with the system prompt and the tools, against what the
   * prompt may use: the check `assemble` refuses an oversized message by, made before sending.
   */
  measure(request: Pick<AssembleRequest, 'userMessage' | 'contextLength' | 'reservedOutput' | 'tools'>): { tokens: number; available: number } {
    const fixed = this.fixedItems({ ...request, conversationId: null }, this.options.settings().systemPrompt, request.tools ?? []);
    return { tokens: fixed.reduce((sum, item) => sum + item.tokens, 0), available: request.contextLength - request.reservedOutput };
  }

  /** The items always in, the message itself last. */
  private fixedItems(request: Pick<AssembleRequest, 'conversationId' | 'userMessage' | 'userMessageId'>, systemPrompt: string, tools: readonly ChatTool[]): ContextItem[] {
    const fixed: ContextItem[] = [{ section: 'system', text: systemPrompt, tokens: this.format.of(systemPrompt) + MESSAGE_OVERHEAD, score: null, reason: REASONS.system, source: {} }];
    if (tools.length > 0) {
      // Counted in the shape Ollama receives them (see llm/ollama-client.ts toWireTool).
      const schema = JSON.stringify(tools.map((tool) => ({ type: 'function', function: tool })));
      fixed.push({ section: 'tools', text: schema, tokens: this.format.of(schema), score: null, reason: toolsReason(tools.length), source: {} });
    }
    fixed.push({
      section: 'user',
      text: request.userMessage,
      tokens: this.options.countTokens(request.userMessage) + MESSAGE_OVERHEAD,
      score: null,
      reason: REASONS.user,
      source: { ...(request.conversationId ? { conversationId: request.conversationId } : {}), ...(request.userMessageId ? { messageId: request.userMessageId } : {}) },
    });
    return fixed;
  }

  /** Tokens of the shown turns (within the history window) that no summary covers yet. */
  private unsummarisedTokens(conversationId: string, excludeId: string | null): number {
    const { store } = this.options;
    const since = store.messages.shownSince(conversationId, store.summaries.coveredThrough(conversationId), excludeId, HISTORY_WINDOW);
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
      const tokens = memory.tokenCount + this.format.of(memoryLine('')) + JOIN_SLACK + (items.length === 0 ? this.format.of(HEADINGS.core_memory!) : 0);
      if (budget.spent + tokens > cap || !budget.take(tokens)) continue;
      items.push({ section: 'core_memory', text: memory.content, tokens, score: null, reason: REASONS.corePinned, source: { memoryId: memory.id }, timestamp: memory.updatedAt });
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
        source: { conversationId, summaryId: summary.id, coveredMessageIds: this.options.store.summaries.coveredMessageIds(summary.id) },
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
      const tokens = hit.memory.tokenCount + this.format.of(memoryLine('')) + JOIN_SLACK + (items.length === 0 ? this.format.of(HEADINGS.memory!) : 0);
      if (budget.spent + tokens > cap || !budget.take(tokens)) continue;
      items.push({ section: 'memory', text: hit.memory.content, tokens, score: hit.score, reason: memoryReason(hit), source: { memoryId: hit.memory.id }, timestamp: hit.memory.updatedAt });
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
  private addExcerpts(hits: RetrievedChunk[], neighbours: Neighbourhood, into: Excerpts, exclude: ReadonlySet<string>, budget: Budget, cap: number, conversationId: string | null): void {
    const queue: { chunk: Chunk; score: number; reason: string; priority: number; hit: boolean }[] = hits.map((hit) => ({ chunk: hit.chunk, score: hit.score, reason: excerptReason(hit), priority: costWeighted(hit.score, hit.chunk.tokenCount), hit: true }));
    // Hits taken whose neighbours are not queued yet. A neighbour's priority is at most half its
    // hit's score, so until the best in the queue is down to that, no neighbour could come
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
          const score = taken.score * this.neighbourShare;
          for (const neighbour of neighbours.of(taken.chunk)) queue.push({ chunk: neighbour.chunk, score, reason: neighbour.reason, priority: costWeighted(score, neighbour.chunk.tokenCount), hit: false });
        }
        unqueued = [];
        unqueuedBound = Number.NEGATIVE_INFINITY;
        continue;
      }
      if (best < 0) break;
      const next = queue.splice(best, 1)[0]!;
      if (!this.addExcerpt(next.chunk, next.score, next.reason, into, exclude, budget, cap, conversationId) || !next.hit) continue;
      unqueued.push(next);
      unqueuedBound = Math.max(unqueuedBound, next.score * this.neighbourShare);
    }
  }

  private addExcerpt(chunk: Chunk, score: number, reason: string, into: Excerpts, exclude: ReadonlySet<string>, budget: Budget, cap: number, conversationId: string | null): boolean {
    if (into.has(chunk.id) || exclude.has(chunk.responseId) || chunk.archived) return false;
    const current = chunk.conversationId === conversationId;
    const group = excerptGroupKey(chunk.conversationId, chunk.createdAt);
    // The first excerpt of its conversation and day pays for the group's header.
    const header = into.hasGroup(group) ? 0 : this.format.of(excerptGroupHeader(chunk.createdAt, current)) + JOIN_SLACK;
    const line = this.format.of(excerptLine(chunk.type === 'summary' ? 'summary' : chunk.role));
    const tokens = chunk.tokenCount + line + JOIN_SLACK + header + (into.size === 0 ? this.format.of(HEADINGS.retrieved!) : 0);
    if (budget.spent + tokens > cap || !budget.take(tokens)) return false;
    into.add(chunk, {
      section: 'retrieved',
      text: chunk.text,
      tokens,
      score,
      reason,
      source: { conversationId: chunk.conversationId, messageId: chunk.responseId, chunkIds: [chunk.id], ...(chunk.type === 'summary' ? { summaryId: chunk.responseId } : {}) },
      timestamp: chunk.createdAt,
    });
    return true;
  }

  private render(systemPrompt: string, core: ContextItem[], memories: ContextItem[], summary: ContextItem[], excerpts: ContextItem[], excerptRoles: ReadonlyMap<string, Chunk['role']>, recent: ContextItem[], userMessage: string, conversationId: string | null, recentRoles: ReadonlyMap<string, Message['role']>): ChatMessage[] {
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
    for (const item of recent) messages.push({ role: recentRoles.get(item.source.messageId!) ?? 'user', content: item.text });
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
