// The recall evaluation: loads each conversation of a data set (shared/datasets/FORMAT.md)
// into a fresh profile through the real engine, then asks every question as a new message in
// a new conversation (dry run: nothing stored) and checks which evidence turns reached the
// context. The `mnemo` strategy is the real ContextAssembler; the baselines fill the same
// budget from the same stored data in simpler ways. The other layouts ask in a long conversation
// (all the sessions, or the later half among the earlier ones), which is what tests retrieval
// within a conversation (its own keyword and vector lists, against its recent turns).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { countTokens } from '../../src/main/engine/chunking';
import { resolveEngineConfig } from '../../src/main/engine/config';
import { MESSAGE_OVERHEAD } from '../../src/main/engine/context';
import { Engine } from '../../src/main/engine/engine';
import { fixedKey } from '../../src/main/engine/keys';
import { newDatabaseKey } from '../../src/main/engine/store';
import { TestOllamaServer } from '../../testkit/ollama-server';
import { HistoryLoader } from './bench-ingest';
import { syntheticHistory } from './synthetic-history';

export interface RecallDataset {
  name: string;
  conversations: {
    id: string;
    sessions: { id: string; started_at: string; turns: { id: string; role: 'user' | 'assistant'; text: string }[] }[];
    questions: { id: string; text: string; evidence: string[]; category: string }[];
  }[];
}

export const STRATEGIES = ['mnemo', 'recency', 'bm25', 'vector', 'full'] as const;

/**
 * `sessions`: each session one conversation, each question in a new one (the data set format's
 * way). `one-conversation`: all sessions one conversation, each question its next message.
 * `long-among-many`: the first half of the sessions one conversation each, the second half one
 * long conversation, each question its next message: a long chat among many others, where its
 * own lists compete with everything else.
 */
export const LAYOUTS = ['sessions', 'one-conversation', 'long-among-many'] as const;
export type Layout = (typeof LAYOUTS)[number];
export type Strategy = (typeof STRATEGIES)[number];

interface Selection {
  messageIds: Set<string>;
  tokens: number;
  ms: number;
}

export interface StrategyReport {
  evidence_recall: number;
  all_evidence_rate: number;
  mean_context_tokens: number;
  assemble_ms_p50: number;
  assemble_ms_p95: number;
  by_category: Record<string, number>;
  /** Questions whose evidence did not all reach the context, with the turn ids missing. */
  missed: MissedEvidence[];
}

export interface MissedEvidence {
  conversation: string;
  question: string;
  text: string;
  category: string;
  missing: string[];
}

export interface RecallReport {
  dataset: string;
  layout: Layout;
  /** Synthetic messages (the bench's history) stored beside each user's own, 0 for none. */
  background_messages: number;
  budget: number;
  questions: number;
  evidence_turns: number;
  strategies: Record<Strategy, StrategyReport>;
  machine: { os: string; cpu: string; cores: number; node: string; date: string };
  embeddings: string;
}

const TURN_SPACING_MS = 60_000;

export interface RecallOptions {
  datasetPath: string;
  budget: number;
  /** More budgets asked of the same stored profiles (one report each, `budget` first). */
  moreBudgets?: number[];
  layout?: Layout;
  /**
   * Synthetic messages to store first in every profile, as a long history the user's own turns
   * are a small part of: the data sets are a few thousand chunks each, so small that retrieval
   * deep enough reaches every chunk.
   */
  backgroundMessages?: number;
  ollamaHost?: string;
  embeddingModel?: string;
  log?: (line: string) => void;
}

export async function evaluateRecall(options: RecallOptions): Promise<RecallReport> {
  return (await evaluateRecallAtBudgets(options))[0]!;
}

/** One report per budget (`budget`, then `moreBudgets`): each conversation is stored once and asked at every budget. */
export async function evaluateRecallAtBudgets(options: RecallOptions): Promise<RecallReport[]> {
  const budgets = [options.budget, ...(options.moreBudgets ?? [])];
  const tallies = budgets.map(() => newTallies());
  const layout = options.layout ?? 'sessions';
  const backgroundMessages = options.backgroundMessages ?? 0;
  const dataset = JSON.parse(readFileSync(options.datasetPath, 'utf8')) as RecallDataset;
  const testServer = options.ollamaHost ? null : new TestOllamaServer();
  const host = options.ollamaHost ?? (await testServer!.start());
  const profileKey = newDatabaseKey();
  // The moment questions are asked at: the end of the asked history, as for a user asking after
  // its last message ("last May" counts back from there, not from the day the eval runs).
  let askedAt: number | null = null;
  const openProfile = (dir: string) =>
    Engine.open({
      now: () => askedAt ?? Date.now(),
      config: resolveEngineConfig(dir, {
        ollama: { host, ...(options.embeddingModel ? { embeddingModel: options.embeddingModel } : {}) },
      }),
      // Encrypted like a real profile; one key per run, as background profiles are copied per user.
      keys: fixedKey(profileKey),
      runIndexer: false,
      runBackgroundSummaries: false,
      indexer: { batchSize: 128 },
    }).then(async (engine) => {
      await engine.internals.vectorIndex.reconciled();
      return engine;
    });
  let background: string | null = null;
  try {
    if (backgroundMessages > 0) background = await backgroundProfile(backgroundMessages, openProfile, options.log);
    for (const conversation of dataset.conversations) {
      const dir = mkdtempSync(join(tmpdir(), 'mnemo-recall-'));
      // A copy of the closed background profile: its SQLite file and Chroma's data as they are.
      if (background) cpSync(background, dir, { recursive: true });
      const engine = await openProfile(dir);
      try {
        const { ids, askIn, lastSaidAt } = loadConversation(engine, conversation.sessions, layout);
        await engine.internals.indexer.flush(10);
        askedAt = lastSaidAt;
        options.log?.(`${conversation.id}: ${ids.size} turns stored and indexed`);
        for (const question of conversation.questions) {
          const evidence = question.evidence.map((e) => ids.get(e)).filter((id): id is string => id !== undefined);
          const turnOf = new Map(question.evidence.map((e) => [ids.get(e), e]));
          for (const [b, budget] of budgets.entries())
            for (const strategy of STRATEGIES) {
              const found = tallies[b]!;
              const selection = await select(strategy, engine, question.text, budget, askIn);
              const hits = evidence.filter((id) => selection.messageIds.has(id)).length;
              const tally = found[strategy];
              tally.hits += hits;
              tally.total += evidence.length;
              tally.questions += 1;
              if (hits === evidence.length) tally.allHit += 1;
              else
                tally.missed.push({
                  conversation: conversation.id,
                  question: question.id,
                  text: question.text,
                  category: question.category,
                  missing: evidence.filter((id) => !selection.messageIds.has(id)).map((id) => turnOf.get(id)!),
                });
              tally.tokens.push(selection.tokens);
              tally.ms.push(selection.ms);
              const category = tally.byCategory.get(question.category) ?? { hits: 0, total: 0 };
              category.hits += hits;
              category.total += evidence.length;
              tally.byCategory.set(question.category, category);
            }
        }
      } finally {
        askedAt = null;
        await engine.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await testServer?.stop();
    if (background) rmSync(background, { recursive: true, force: true });
  }
  const machine = {
    os: `${process.platform} ${release()}`,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString(),
  };
  const embeddings = options.ollamaHost
    ? `${options.embeddingModel ?? 'default'} at ${options.ollamaHost}`
    : 'test Ollama server (hashed n-grams)';
  return budgets.map((budget, b) => ({
    dataset: dataset.name,
    layout,
    background_messages: backgroundMessages,
    budget,
    questions: tallies[b]!.mnemo.questions,
    evidence_turns: tallies[b]!.mnemo.total,
    strategies: strategyReports(tallies[b]!),
    machine,
    embeddings,
  }));
}

interface Tally {
  hits: number;
  total: number;
  allHit: number;
  questions: number;
  tokens: number[];
  ms: number[];
  byCategory: Map<string, { hits: number; total: number }>;
  missed: MissedEvidence[];
}

function newTallies(): Record<Strategy, Tally> {
  const tally = (): Tally => ({
    hits: 0,
    total: 0,
    allHit: 0,
    questions: 0,
    tokens: [],
    ms: [],
    byCategory: new Map(),
    missed: [],
  });
  return Object.fromEntries(STRATEGIES.map((s) => [s, tally()])) as Record<Strategy, Tally>;
}

function strategyReports(found: Record<Strategy, Tally>): Record<Strategy, StrategyReport> {
  return Object.fromEntries(
    STRATEGIES.map((s) => {
      const t = found[s];
      return [
        s,
        {
          evidence_recall: ratio(t.hits, t.total),
          all_evidence_rate: ratio(t.allHit, t.questions),
          mean_context_tokens: Math.round(t.tokens.reduce((a, b) => a + b, 0) / Math.max(1, t.tokens.length)),
          assemble_ms_p50: percentile(t.ms, 0.5),
          assemble_ms_p95: percentile(t.ms, 0.95),
          by_category: Object.fromEntries([...t.byCategory].map(([c, v]) => [c, ratio(v.hits, v.total)])),
          missed: t.missed,
        },
      ];
    }),
  ) as Record<Strategy, StrategyReport>;
}

/** A closed profile holding `messages` of the bench's synthetic history, stored and indexed. */
async function backgroundProfile(
  messages: number,
  open: (dir: string) => Promise<Engine>,
  log?: (line: string) => void,
): Promise<string> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'mnemo-recall-background-'));
  const engine = await open(dir);
  let built = false;
  try {
    new HistoryLoader(engine, syntheticHistory(messages)).loadUntil(messages);
    await engine.internals.indexer.flush();
    built = true;
  } finally {
    await engine.close();
    if (!built) rmSync(dir, { recursive: true, force: true });
  }
  log?.(
    `background: ${messages} synthetic messages stored and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return dir;
}

/**
 * Stores the sessions, turns a minute apart from each one's `started_at`, as the layout says.
 * Returns the turns' message ids, the conversation questions are asked in (null: a new one) and
 * when the last turn was said.
 */
function loadConversation(
  engine: Engine,
  sessions: RecallDataset['conversations'][number]['sessions'],
  layout: Layout,
): { ids: Map<string, string>; askIn: string | null; lastSaidAt: number } {
  const ids = new Map<string, string>();
  let lastSaidAt = 0;
  // Sessions from this one on go into one long conversation.
  const longFrom =
    layout === 'one-conversation'
      ? 0
      : layout === 'long-among-many'
        ? Math.floor(sessions.length / 2)
        : sessions.length;
  let single: string | null = null;
  for (const [index, session] of sessions.entries()) {
    const start = Date.parse(session.started_at);
    const conversationId: string =
      single ?? engine.internals.store.conversations.create({ title: session.id, createdAt: start }).id;
    if (index >= longFrom) single = conversationId;
    session.turns.forEach((turn, i) => {
      const message = engine.internals.store.messages.appendTurn({
        conversationId,
        role: turn.role,
        content: turn.text,
        createdAt: start + i * TURN_SPACING_MS,
      });
      ids.set(turn.id, message.id);
      lastSaidAt = Math.max(lastSaidAt, message.createdAt);
    });
  }
  return { ids, askIn: single, lastSaidAt };
}

async function select(
  strategy: Strategy,
  engine: Engine,
  question: string,
  budget: number,
  conversationId: string | null,
): Promise<Selection> {
  const started = performance.now();
  if (strategy === 'mnemo') {
    const context = await engine.internals.assembler.assemble({
      conversationId,
      userMessage: question,
      contextLength: budget,
      reservedOutput: 0,
      tools: [],
    });
    const messageIds = new Set(
      context.items
        .flatMap((i) => [i.source.messageId, ...(i.source.coveredMessageIds ?? [])])
        .filter((id): id is string => !!id),
    );
    return { messageIds, tokens: context.budget.used, ms: performance.now() - started };
  }
  // Baselines get what the assembler has left after the same fixed part (system prompt, question).
  const fixed =
    countTokens(engine.internals.settings.get().systemPrompt) + countTokens(question) + 2 * MESSAGE_OVERHEAD;
  const room = budget - fixed;
  const { store } = engine.internals;
  const picked = new Set<string>();
  let used = 0;
  const take = (messageId: string, tokens: number) => {
    if (used + tokens > room) return false;
    used += tokens;
    picked.add(messageId);
    return true;
  };
  if (strategy === 'full' || strategy === 'recency') {
    const messages = store.db
      .prepare(`SELECT id, token_count AS tokens FROM messages ORDER BY created_at DESC, seq DESC`)
      .all() as { id: string; tokens: number }[];
    for (const m of messages) {
      if (strategy === 'full') {
        used += m.tokens + MESSAGE_OVERHEAD;
        picked.add(m.id);
      } else take(m.id, m.tokens + MESSAGE_OVERHEAD); // skip what does not fit, keep filling
    }
  } else {
    const chunkIds =
      strategy === 'bm25'
        ? store.chunks.search(question, { limit: 200 }).map((h) => h.chunkId)
        : await vectorRanking(engine, question);
    for (const chunk of store.chunks.byIds(chunkIds).sort((a, b) => chunkIds.indexOf(a.id) - chunkIds.indexOf(b.id))) {
      take(chunk.responseId, chunk.tokenCount + MESSAGE_OVERHEAD);
    }
  }
  return { messageIds: picked, tokens: fixed + used, ms: performance.now() - started };
}

async function vectorRanking(engine: Engine, question: string): Promise<string[]> {
  const embedding = await engine.internals.queries.embed(question);
  if (!embedding) return [];
  return (
    await engine.internals.vectors.query('chunk', engine.services.settings.embeddingModel(), embedding, { limit: 200 })
  ).map((h) => h.id);
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 1000) / 1000);

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! * 100) / 100;
}

export function formatReport(report: RecallReport): string {
  const categories = [...new Set(STRATEGIES.flatMap((s) => Object.keys(report.strategies[s].by_category)))].sort();
  const header = [
    'strategy',
    'evidence_recall',
    'all_evidence_rate',
    'mean_context_tokens',
    'assemble_ms_p50',
    'assemble_ms_p95',
    ...categories,
  ];
  const rows = STRATEGIES.map((s) => {
    const r = report.strategies[s];
    return [
      s,
      r.evidence_recall.toFixed(3),
      r.all_evidence_rate.toFixed(3),
      String(r.mean_context_tokens),
      r.assemble_ms_p50.toFixed(1),
      r.assemble_ms_p95.toFixed(1),
      ...categories.map((c) => (r.by_category[c] ?? 0).toFixed(3)),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [
    `${report.dataset}: ${report.questions} questions, ${report.evidence_turns} evidence turns, budget ${report.budget} tokens, layout ${report.layout}${report.background_messages > 0 ? `, beside ${report.background_messages} background messages` : ''}, embeddings: ${report.embeddings}`,
    line(header),
    ...rows.map(line),
    `mnemo evidence_recall=${report.strategies.mnemo.evidence_recall.toFixed(3)}`,
  ].join('\n');
}

/**
 * One table for many runs (layouts × budgets): evidence recall of every strategy but `full`,
 * and mnemo's margin over the best baseline of its row.
 */
export function formatGrid(reports: readonly RecallReport[]): string {
  const shown = STRATEGIES.filter((s) => s !== 'full');
  const header = ['layout', 'budget', ...shown, 'margin'];
  const rows = reports.map((r) => {
    const best = Math.max(...shown.filter((s) => s !== 'mnemo').map((s) => r.strategies[s].evidence_recall));
    const margin = r.strategies.mnemo.evidence_recall - best;
    return [
      r.layout,
      String(r.budget),
      ...shown.map((s) => r.strategies[s].evidence_recall.toFixed(3)),
      `${margin >= 0 ? '+' : ''}${margin.toFixed(3)}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const first = reports[0];
  const about = first
    ? `${first.dataset}: ${first.questions} questions, ${first.evidence_turns} evidence turns, evidence recall${first.background_messages > 0 ? `, beside ${first.background_messages} background messages` : ''}, embeddings: ${first.embeddings}`
    : 'no runs';
  return [about, line(header), ...rows.map(line)].join('\n');
}
