// Per-turn metrics (timings, tokens per section, retrieval, summaries written) for the
// Monitoring view: recorded once per turn, read as series and totals over a filter, pruned by
// age and count in bounded slices. Local only, and figures only: no message text.
import {
  PROMPT_SECTION_GROUPS,
  PROMPT_SECTIONS,
  type MetricsFilter,
  type PromptSectionGroup,
  type SummaryPoint,
  type TurnFigures,
  type TurnPoint,
} from '../../../shared/monitoring';
import type { RepoContext } from './context';

export type TurnMetrics = Omit<
  TurnFigures,
  'id' | 'firstTokenMs' | 'generationMs' | 'contextTokens' | 'contextBudget'
> &
  Partial<Pick<TurnFigures, 'firstTokenMs' | 'generationMs' | 'contextTokens' | 'contextBudget'>>;

interface Where {
  sql: string;
  params: Record<string, string | number>;
}

const SECTION_COLUMNS = PROMPT_SECTIONS.map((g) => `tokens_${g}`).join(', ');
const SECTION_PARAMS = PROMPT_SECTIONS.map((g) => `@tokens_${g}`).join(', ');
const SECTION_AVERAGES = PROMPT_SECTIONS.map((g) => `avg(tokens_${g}) AS s_${g}`).join(', ');

/** Tokens per section group (the columns averaged over long ranges), from the assembler's sections. */
function groupTokens(bySection: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    PROMPT_SECTIONS.map((g) => [
      `tokens_${g}`,
      PROMPT_SECTION_GROUPS[g].reduce((sum, s) => sum + (bySection[s] ?? 0), 0),
    ]),
  );
}

function whereOf(filter: MetricsFilter, column = 'at', conversationColumn = 'conversation_id'): Where {
  const parts: string[] = [];
  const params: Record<string, string | number> = {};
  if (filter.conversationId) {
    parts.push(`${conversationColumn} = @conversationId`);
    params['conversationId'] = filter.conversationId;
  }
  if (filter.from !== undefined) {
    parts.push(`${column} >= @from`);
    params['from'] = filter.from;
  }
  if (filter.to !== undefined) {
    parts.push(`${column} < @to`);
    params['to'] = filter.to;
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

type Row = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const numOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function toFigures(r: Row): TurnFigures {
  return {
    id: num(r['id']),
    at: num(r['at']),
    conversationId: r['conversation_id'] as string,
    messageId: (r['message_id'] as string | null) ?? null,
    model: (r['model'] as string | null) ?? null,
    outcome: r['outcome'] as TurnFigures['outcome'],
    assemblyMs: num(r['assembly_ms']),
    embedMs: num(r['embed_ms']),
    firstTokenMs: numOrNull(r['first_token_ms']),
    generationMs: numOrNull(r['generation_ms']),
    retrievalHits: num(r['retrieval_hits']),
    retrievalMode: r['retrieval_mode'] as TurnFigures['retrievalMode'],
    summarizationRuns: num(r['summarization_runs']),
    promptTokens: num(r['prompt_tokens']),
    outputTokens: num(r['output_tokens']),
    toolCalls: num(r['tool_calls']),
    contextTokens: numOrNull(r['context_tokens']),
    contextBudget: numOrNull(r['context_budget']),
    tokensBySection: JSON.parse(r['tokens_by_section'] as string) as Record<string, number>,
  };
}

function toPoint(r: Row): TurnPoint {
  return {
    at: num(r['at']),
    turns: num(r['turns']),
    assemblyMs: num(r['assembly_ms']),
    embedMs: num(r['embed_ms']),
    firstTokenMs: numOrNull(r['first_token_ms']),
    tokensPerSecond: numOrNull(r['tokens_per_second']),
    retrievalHits: num(r['retrieval_hits']),
    keywordOnly: num(r['keyword_only']),
    contextTokens: numOrNull(r['context_tokens']),
    contextBudget: numOrNull(r['context_budget']),
    bySection: Object.fromEntries(PROMPT_SECTIONS.map((g) => [g, num(r[`s_${g}`])])) as Record<
      PromptSectionGroup,
      number
    >,
  };
}

export interface TurnTotalsRow {
  turns: number;
  keywordOnlyTurns: number;
  squeezedTurns: number;
  tokensPerSecond: number | null;
}

export class MetricsRepository {
  constructor(private readonly ctx: RepoContext) {}

  record(m: TurnMetrics): void {
    this.ctx
      .prepare(
        `INSERT INTO turn_metrics (conversation_id, message_id, at, model, outcome, assembly_ms, embed_ms, retrieval_hits, retrieval_mode,
           summarization_runs, prompt_tokens, output_tokens, tool_calls, tokens_by_section, first_token_ms, generation_ms, context_tokens, context_budget, ${SECTION_COLUMNS})
         VALUES (@conversationId, @messageId, @at, @model, @outcome, @assemblyMs, @embedMs, @retrievalHits, @retrievalMode,
           @summarizationRuns, @promptTokens, @outputTokens, @toolCalls, @tokensBySection, @firstTokenMs, @generationMs, @contextTokens, @contextBudget, ${SECTION_PARAMS})`,
      )
      .run({
        ...m,
        tokensBySection: JSON.stringify(m.tokensBySection),
        firstTokenMs: m.firstTokenMs ?? null,
        generationMs: m.generationMs ?? null,
        contextTokens: m.contextTokens ?? null,
        contextBudget: m.contextBudget ?? null,
        ...groupTokens(m.tokensBySection),
      });
  }

  /** The newest turns, newest first. */
  recent(limit = 100): TurnFigures[] {
    return (this.ctx.prepare(`SELECT * FROM turn_metrics ORDER BY id DESC LIMIT ?`).all(limit) as Row[]).map(toFigures);
  }

  /** Every turn matching the filter, oldest first (export). */
  list(filter: MetricsFilter): TurnFigures[] {
    const where = whereOf(filter);
    return (this.ctx.prepare(`SELECT * FROM turn_metrics ${where.sql} ORDER BY at, id`).all(where.params) as Row[]).map(
      toFigures,
    );
  }

  count(filter: MetricsFilter = {}): number {
    const where = whereOf(filter);
    return (this.ctx.prepare(`SELECT count(*) AS n FROM turn_metrics ${where.sql}`).get(where.params) as { n: number })
      .n;
  }

  /** First and last turn time matching the filter (null when none). */
  span(filter: MetricsFilter): { first: number; last: number } | null {
    const where = whereOf(filter);
    const row = this.ctx
      .prepare(`SELECT min(at) AS first, max(at) AS last FROM turn_metrics ${where.sql}`)
      .get(where.params) as { first: number | null; last: number | null };
    return row.first === null || row.last === null ? null : { first: row.first, last: row.last };
  }

  /**
   * The series: one point per turn when `bucket` is null, else averages per time bucket of
   * `bucket.width` ms counted from `bucket.start`. Tokens per second weigh each turn by its
   * generation time; turns without one are left out of it.
   */
  series(filter: MetricsFilter, bucket: { start: number; width: number } | null): TurnPoint[] {
    const where = whereOf(filter);
    const key = bucket ? `CAST((at - @bucketStart) / @bucketWidth AS INTEGER)` : 'id';
    const params = bucket ? { ...where.params, bucketStart: bucket.start, bucketWidth: bucket.width } : where.params;
    const rows = this.ctx
      .prepare(
        `SELECT ${key} AS bucket, min(at) AS at, count(*) AS turns, avg(assembly_ms) AS assembly_ms, avg(embed_ms) AS embed_ms,
           avg(first_token_ms) AS first_token_ms,
           sum(CASE WHEN generation_ms > 0 THEN output_tokens END) * 1000.0 / sum(CASE WHEN generation_ms > 0 THEN generation_ms END) AS tokens_per_second,
           avg(retrieval_hits) AS retrieval_hits, sum(retrieval_mode = 'keyword') AS keyword_only,
           avg(context_tokens) AS context_tokens, avg(context_budget) AS context_budget, ${SECTION_AVERAGES}
         FROM turn_metrics ${where.sql} GROUP BY bucket ORDER BY bucket`,
      )
      .all(params) as Row[];
    return rows.map(toPoint);
  }

  /**
   * Counts over the filter. A turn is "squeezed" when its prompt used at least `fullShare` of
   * its budget and held no retrieved excerpt: recent turns left no room for recall.
   */
  totals(filter: MetricsFilter, fullShare: number): TurnTotalsRow {
    const where = whereOf(filter);
    const row = this.ctx
      .prepare(
        `SELECT count(*) AS turns, coalesce(sum(retrieval_mode = 'keyword'), 0) AS keyword_only,
           coalesce(sum(context_budget > 0 AND context_tokens >= @fullShare * context_budget AND tokens_retrieved = 0), 0) AS squeezed,
           sum(CASE WHEN generation_ms > 0 THEN output_tokens END) * 1000.0 / sum(CASE WHEN generation_ms > 0 THEN generation_ms END) AS tokens_per_second
         FROM turn_metrics ${where.sql}`,
      )
      .get({ ...where.params, fullShare }) as Row;
    return {
      turns: num(row['turns']),
      keywordOnlyTurns: num(row['keyword_only']),
      squeezedTurns: num(row['squeezed']),
      tokensPerSecond: numOrNull(row['tokens_per_second']),
    };
  }

  /** The median of one timing over the filter, turns without it left out; null when none has it. */
  median(filter: MetricsFilter, timing: 'assembly_ms' | 'embed_ms' | 'first_token_ms'): number | null {
    const where = whereOf(filter);
    const present = where.sql ? `${where.sql} AND ${timing} IS NOT NULL` : `WHERE ${timing} IS NOT NULL`;
    const n = (this.ctx.prepare(`SELECT count(*) AS n FROM turn_metrics ${present}`).get(where.params) as { n: number })
      .n;
    if (n === 0) return null;
    const row = this.ctx
      .prepare(`SELECT ${timing} AS v FROM turn_metrics ${present} ORDER BY ${timing} LIMIT 1 OFFSET @middle`)
      .get({ ...where.params, middle: Math.floor((n - 1) / 2) }) as { v: number };
    return row.v;
  }

  /** Summaries written, by trigger, per time bucket (one bucket when `width` is null). */
  summariesWritten(filter: MetricsFilter, bucket: { start: number; width: number } | null): SummaryPoint[] {
    const where = whereOf(filter, 'created_at');
    const key = bucket ? `CAST((created_at - @bucketStart) / @bucketWidth AS INTEGER)` : '0';
    const params = bucket ? { ...where.params, bucketStart: bucket.start, bucketWidth: bucket.width } : where.params;
    const rows = this.ctx
      .prepare(
        `SELECT ${key} AS bucket, min(created_at) AS at, sum(trigger = 'overflow') AS overflow, sum(trigger = 'idle') AS idle, sum(trigger = 'end') AS "end"
         FROM summaries ${where.sql} GROUP BY bucket ORDER BY bucket`,
      )
      .all(params) as Row[];
    return rows.map((r) => ({
      at: num(r['at']),
      overflow: num(r['overflow']),
      idle: num(r['idle']),
      end: num(r['end']),
    }));
  }

  /**
   * Deletes at most `limit` of the oldest turns that are older than `olderThan` or beyond the
   * newest `keep`; returns how many went. Callers repeat while it returns `limit`.
   */
  prune(options: { olderThan: number; keep: number; limit: number }): number {
    const boundary = this.ctx
      .prepare(`SELECT id FROM turn_metrics ORDER BY id DESC LIMIT 1 OFFSET ?`)
      .get(options.keep) as { id: number } | undefined;
    return this.ctx
      .prepare(
        `DELETE FROM turn_metrics WHERE id IN (SELECT id FROM turn_metrics WHERE at < @olderThan OR id <= @lastBeyond ORDER BY id LIMIT @limit)`,
      )
      .run({ olderThan: options.olderThan, lastBeyond: boundary?.id ?? -1, limit: options.limit }).changes;
  }
}
