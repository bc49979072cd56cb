// Per-turn metrics (assembly time, tokens per section, retrieval hits, summaries written)
// for the diagnostics view. Local only; pruned to the newest rows.
import type { RepoContext } from './context';

export interface TurnMetrics {
  conversationId: string;
  messageId: string | null;
  at: number;
  model: string | null;
  outcome: 'complete' | 'stopped' | 'error';
  assemblyMs: number;
  embedMs: number;
  retrievalHits: number;
  retrievalMode: 'hybrid' | 'keyword';
  summarizationRuns: number;
  promptTokens: number;
  outputTokens: number;
  toolCalls: number;
  tokensBySection: Record<string, number>;
}

const KEEP = 5000;

export class MetricsRepository {
  constructor(private readonly ctx: RepoContext) {}

  record(m: TurnMetrics): void {
    this.ctx
      .prepare(
        `INSERT INTO turn_metrics (conversation_id, message_id, at, model, outcome, assembly_ms, embed_ms, retrieval_hits, retrieval_mode,
           summarization_runs, prompt_tokens, output_tokens, tool_calls, tokens_by_section)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(m.conversationId, m.messageId, m.at, m.model, m.outcome, m.assemblyMs, m.embedMs, m.retrievalHits, m.retrievalMode, m.summarizationRuns, m.promptTokens, m.outputTokens, m.toolCalls, JSON.stringify(m.tokensBySection));
    this.ctx.prepare(`DELETE FROM turn_metrics WHERE id <= (SELECT max(id) FROM turn_metrics) - ?`).run(KEEP);
  }

  recent(limit = 100): TurnMetrics[] {
    const rows = this.ctx.prepare(`SELECT * FROM turn_metrics ORDER BY id DESC LIMIT ?`).all(limit) as Record<string, unknown>[];
    return rows.map((r) => ({
      conversationId: r['conversation_id'] as string,
      messageId: r['message_id'] as string | null,
      at: r['at'] as number,
      model: r['model'] as string | null,
      outcome: r['outcome'] as TurnMetrics['outcome'],
      assemblyMs: r['assembly_ms'] as number,
      embedMs: r['embed_ms'] as number,
      retrievalHits: r['retrieval_hits'] as number,
      retrievalMode: r['retrieval_mode'] as TurnMetrics['retrievalMode'],
      summarizationRuns: r['summarization_runs'] as number,
      promptTokens: r['prompt_tokens'] as number,
      outputTokens: r['output_tokens'] as number,
      toolCalls: r['tool_calls'] as number,
      tokensBySection: JSON.parse(r['tokens_by_section'] as string) as Record<string, number>,
    }));
  }
}
