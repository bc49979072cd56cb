// Monitoring: how the memory is doing. Health hints first (what to do), then the figures of
// the chosen conversation and time range as charts (each with its table), and the store. The
// engine computes everything; this view only chooses, draws and exports.
import { useCallback, useEffect, useMemo } from 'react';
import type { MonitoringOverview } from '../../../shared/monitoring';
import { ChartFigure } from '../components/charts/ChartFigure';
import {
  modelChart,
  retrievalChart,
  sectionsChart,
  summariesChart,
  timingChart,
  type ChartSpec,
} from '../components/charts/monitoring-charts';
import { formatBytes, formatCount, formatMs, RANGES, type RangeId } from '../lib/monitoring';
import { useConversations } from '../stores/conversations-store';
import { useShallow } from 'zustand/react/shallow';
import { monitoringSelectors, useMonitoring } from '../stores/monitoring-store';

export function MonitoringView() {
  const { choice, overview, loading, error, notice } = useMonitoring(useShallow(monitoringSelectors.view));
  const { load, choose, exportMetrics, copyDiagnostics } = useMonitoring.getState();
  const conversations = useConversations((s) => s.list);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="monitoring-view">
      <div className="row spread wrap">
        <h1>Monitoring</h1>
        <div className="row wrap">
          <button type="button" onClick={() => void exportMetrics('csv')}>
            Export CSV
          </button>
          <button type="button" onClick={() => void exportMetrics('json')}>
            Export JSON
          </button>
          <button type="button" onClick={() => void copyDiagnostics()}>
            Copy diagnostics
          </button>
        </div>
      </div>
      <div className="row wrap monitoring-filters">
        <span className="row">
          <label htmlFor="monitoring-conversation">Conversation</label>
          <select
            id="monitoring-conversation"
            value={choice.conversationId ?? ''}
            onChange={(e) => void choose({ conversationId: e.target.value || null })}
          >
            <option value="">All conversations</option>
            {conversations.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title || 'Untitled'}
              </option>
            ))}
          </select>
        </span>
        <span className="row">
          <label htmlFor="monitoring-range">Time range</label>
          <select
            id="monitoring-range"
            value={choice.range}
            onChange={(e) => void choose({ range: e.target.value as RangeId })}
          >
            {RANGES.map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </select>
        </span>
        <button type="button" onClick={() => void load()} disabled={loading}>
          {loading ? 'Loading…' : 'Refresh'}
        </button>
      </div>
      <p id="monitoring-notice" className="muted small" aria-live="polite" data-testid="monitoring-notice">
        {notice ?? ''}
      </p>
      {error && (
        <div className="error-box" role="alert">
          Monitoring figures unavailable: {error}
        </div>
      )}
      {overview && <Overview overview={overview} />}
    </div>
  );
}

function Overview({ overview }: { overview: MonitoringOverview }) {
  const { totals } = overview;
  return (
    <>
      <Hints overview={overview} />
      {totals.turns === 0 ? <EmptyState filtered={overview.recordedTurns > 0} /> : <Charts overview={overview} />}
      <StoreFigures overview={overview} />
    </>
  );
}

function Hints({ overview }: { overview: MonitoringOverview }) {
  if (overview.hints.length === 0) {
    return overview.totals.turns > 0 ? (
      <p className="hint-ok" data-testid="no-hints">
        Nothing needs attention in this range.
      </p>
    ) : null;
  }
  return (
    <section aria-labelledby="hints-heading" className="hints">
      <h2 id="hints-heading">What needs attention</h2>
      <ul>
        {overview.hints.map((h) => (
          <li key={h.id} className={`hint card ${h.severity}`} data-testid={`hint-${h.id}`}>
            <p className="hint-message">{h.message}</p>
            <p className="muted">{h.action}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function EmptyState({ filtered }: { filtered: boolean }) {
  return (
    <section className="card empty-state" data-testid="monitoring-empty">
      <h2>{filtered ? 'No turns in this range' : 'No turns recorded yet'}</h2>
      <p>
        {filtered ? 'Choose another conversation or a longer time range. ' : ''}Each reply you get records its figures
        here (never its text): how long putting the context together and embedding took, how soon the model started
        answering and how fast it wrote, how the prompt was spent between system text, memories, summary, retrieved
        excerpts and recent turns, how much was recalled and whether the vector index was there, and the summaries
        written.
      </p>
    </section>
  );
}

function Charts({ overview }: { overview: MonitoringOverview }) {
  const { totals } = overview;
  const specs = useMemo(
    () => ({
      timing: timingChart(overview),
      model: modelChart(overview),
      sections: sectionsChart(overview),
      retrieval: retrievalChart(overview),
      summaries: summariesChart(overview),
    }),
    [overview],
  );
  return (
    <>
      <dl className="figures" data-testid="turn-totals">
        <Figure label="Turns" value={formatCount(totals.turns)} />
        <Figure label="Median assembly" value={formatMs(totals.medianAssemblyMs)} />
        <Figure label="Median embedding" value={formatMs(totals.medianEmbedMs)} />
        <Figure label="Median first token" value={formatMs(totals.medianFirstTokenMs)} />
        <Figure
          label="Tokens per second"
          value={totals.tokensPerSecond === null ? '—' : totals.tokensPerSecond.toFixed(1)}
        />
        <Figure label="Keyword-only turns" value={formatCount(totals.keywordOnlyTurns)} />
        <Figure label="Vector index unavailable" value={`${formatCount(totals.chromaDowns)}×`} />
        <Figure
          label="Summaries written"
          value={formatCount(totals.summaries.overflow + totals.summaries.idle + totals.summaries.end)}
        />
      </dl>
      {overview.bucketMs && (
        <p className="muted small">
          Many turns in this range: each point is the average of the turns in a {formatMs(overview.bucketMs)} slot.
        </p>
      )}
      <div className="chart-grid">
        <Chart title="Context assembly and embedding" spec={specs.timing} testId="chart-timing" />
        <Chart title="Model: first token and speed" spec={specs.model} testId="chart-model" />
        <Chart title="How each prompt was spent" spec={specs.sections} testId="chart-sections" />
        <Chart title="Retrieval" spec={specs.retrieval} testId="chart-retrieval" />
        <Chart title="Summaries written" spec={specs.summaries} testId="chart-summaries" />
      </div>
    </>
  );
}

function Chart({ title, spec, testId }: { title: string; spec: ChartSpec; testId: string }) {
  const config = useCallback(() => spec.config(), [spec]);
  return (
    <ChartFigure title={title} description={spec.description} config={config} table={spec.table} testId={testId} />
  );
}

function StoreFigures({ overview }: { overview: MonitoringOverview }) {
  const { store } = overview;
  return (
    <section aria-labelledby="store-heading" className="card">
      <h2 id="store-heading">The store</h2>
      <dl className="figures" data-testid="store-figures">
        <Figure label="Messages" value={formatCount(store.messages)} />
        <Figure label="Chunks" value={formatCount(store.chunks)} />
        <Figure label="Memories" value={formatCount(store.memories)} />
        <Figure label="Proposals awaiting review" value={formatCount(store.pendingProposals)} />
        <Figure label="SQLite on disk" value={formatBytes(store.sqliteBytes)} />
        <Figure label="Vector index on disk" value={formatBytes(store.vectorIndexBytes)} />
        <Figure label="Waiting to be indexed" value={formatCount(store.outboxBacklog)} />
        <Figure label="Indexed per minute (last hour)" value={store.indexedPerMinute.toFixed(1)} />
        <Figure label="Vector index restarts today" value={formatCount(store.chromaRestartsToday)} />
      </dl>
    </section>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
