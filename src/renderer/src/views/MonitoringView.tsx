// Monitoring: how the memory is doing. Health hints first (what to do), then the figures of
// the chosen conversation and time range as charts (each with its table), and the store. The
// engine computes everything; this view only chooses, draws and exports.
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
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
import { hintWords } from '../lib/health-hint';
import { useConversations } from '../stores/conversations-store';
import { useShallow } from 'zustand/react/shallow';
import { monitoringSelectors, useMonitoring } from '../stores/monitoring-store';

export function MonitoringView() {
  const { t } = useTranslation();
  const { choice, overview, loading, error, notice } = useMonitoring(useShallow(monitoringSelectors.view));
  const { load, choose, exportMetrics, copyDiagnostics } = useMonitoring.getState();
  const conversations = useConversations((s) => s.list);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="monitoring-view">
      <div className="row spread wrap">
        <h1>{t('nav.monitoring')}</h1>
        <div className="row wrap">
          <button type="button" onClick={() => void exportMetrics('csv')}>
            {t('monitoring.exportCsv')}
          </button>
          <button type="button" onClick={() => void exportMetrics('json')}>
            {t('monitoring.exportJson')}
          </button>
          <button type="button" onClick={() => void copyDiagnostics()}>
            {t('monitoring.copyDiagnostics')}
          </button>
        </div>
      </div>
      <div className="row wrap monitoring-filters">
        <span className="row">
          <label htmlFor="monitoring-conversation">{t('monitoring.conversation')}</label>
          <select
            id="monitoring-conversation"
            value={choice.conversationId ?? ''}
            onChange={(e) => void choose({ conversationId: e.target.value || null })}
          >
            <option value="">{t('monitoring.allConversations')}</option>
            {conversations.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title || t('monitoring.untitled')}
              </option>
            ))}
          </select>
        </span>
        <span className="row">
          <label htmlFor="monitoring-range">{t('monitoring.range')}</label>
          <select
            id="monitoring-range"
            value={choice.range}
            onChange={(e) => void choose({ range: e.target.value as RangeId })}
          >
            {RANGES.map((r) => (
              <option key={r.id} value={r.id}>
                {t(r.labelKey)}
              </option>
            ))}
          </select>
        </span>
        <button type="button" onClick={() => void load()} disabled={loading}>
          {loading ? t('common.loading') : t('monitoring.refresh')}
        </button>
      </div>
      <p id="monitoring-notice" className="muted small" aria-live="polite" data-testid="monitoring-notice">
        {notice ?? ''}
      </p>
      {error && (
        <div className="error-box" role="alert">
          {t('monitoring.unavailable', { error })}
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
  const { t } = useTranslation();
  if (overview.hints.length === 0) {
    return overview.totals.turns > 0 ? (
      <p className="hint-ok" data-testid="no-hints">
        {t('monitoring.noHints')}
      </p>
    ) : null;
  }
  return (
    <section aria-labelledby="hints-heading" className="hints">
      <h2 id="hints-heading">{t('monitoring.hintsHeading')}</h2>
      <ul>
        {overview.hints.map((h) => {
          const words = hintWords(h);
          return (
            <li key={h.id} className={`hint card ${h.severity}`} data-testid={`hint-${h.id}`}>
              <p className="hint-message">{words.message}</p>
              <p className="muted">{words.action}</p>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function EmptyState({ filtered }: { filtered: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="card empty-state" data-testid="monitoring-empty">
      <h2>{filtered ? t('monitoring.emptyFiltered') : t('monitoring.emptyNone')}</h2>
      <p>
        {filtered ? t('monitoring.emptyChoose') : ''}
        {t('monitoring.emptyBody')}
      </p>
    </section>
  );
}

function Charts({ overview }: { overview: MonitoringOverview }) {
  const { t, i18n } = useTranslation();
  const { totals } = overview;
  const specs = useMemo(
    () => ({
      timing: timingChart(overview),
      model: modelChart(overview),
      sections: sectionsChart(overview),
      retrieval: retrievalChart(overview),
      summaries: summariesChart(overview),
    }),
    // The language is a dependency: the charts' words are written in it.
    [overview, i18n.language],
  );
  return (
    <>
      <dl className="figures" data-testid="turn-totals">
        <Figure label={t('monitoring.turns')} value={formatCount(totals.turns)} />
        <Figure label={t('monitoring.medianAssembly')} value={formatMs(totals.medianAssemblyMs)} />
        <Figure label={t('monitoring.medianEmbedding')} value={formatMs(totals.medianEmbedMs)} />
        <Figure label={t('monitoring.medianFirstToken')} value={formatMs(totals.medianFirstTokenMs)} />
        <Figure
          label={t('monitoring.tokensPerSecond')}
          value={totals.tokensPerSecond === null ? '—' : totals.tokensPerSecond.toFixed(1)}
        />
        <Figure label={t('monitoring.keywordOnly')} value={formatCount(totals.keywordOnlyTurns)} />
        <Figure label={t('monitoring.chromaDowns')} value={`${formatCount(totals.chromaDowns)}×`} />
        <Figure
          label={t('monitoring.summariesWritten')}
          value={formatCount(totals.summaries.overflow + totals.summaries.idle + totals.summaries.end)}
        />
      </dl>
      {overview.bucketMs && (
        <p className="muted small">{t('monitoring.bucketed', { slot: formatMs(overview.bucketMs) })}</p>
      )}
      <div className="chart-grid">
        <Chart title={t('monitoring.chartTiming')} spec={specs.timing} testId="chart-timing" />
        <Chart title={t('monitoring.chartModel')} spec={specs.model} testId="chart-model" />
        <Chart title={t('monitoring.chartSections')} spec={specs.sections} testId="chart-sections" />
        <Chart title={t('monitoring.chartRetrieval')} spec={specs.retrieval} testId="chart-retrieval" />
        <Chart title={t('monitoring.chartSummaries')} spec={specs.summaries} testId="chart-summaries" />
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
  const { t } = useTranslation();
  const { store } = overview;
  return (
    <section aria-labelledby="store-heading" className="card">
      <h2 id="store-heading">{t('monitoring.store')}</h2>
      <dl className="figures" data-testid="store-figures">
        <Figure label={t('monitoring.messages')} value={formatCount(store.messages)} />
        <Figure label={t('monitoring.chunks')} value={formatCount(store.chunks)} />
        <Figure label={t('monitoring.memories')} value={formatCount(store.memories)} />
        <Figure label={t('monitoring.proposals')} value={formatCount(store.pendingProposals)} />
        <Figure label={t('monitoring.sqlite')} value={formatBytes(store.sqliteBytes)} />
        <Figure label={t('monitoring.vectorDisk')} value={formatBytes(store.vectorIndexBytes)} />
        <Figure label={t('monitoring.backlog')} value={formatCount(store.outboxBacklog)} />
        <Figure label={t('monitoring.perMinute')} value={store.indexedPerMinute.toFixed(1)} />
        <Figure label={t('monitoring.restarts')} value={formatCount(store.chromaRestartsToday)} />
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
