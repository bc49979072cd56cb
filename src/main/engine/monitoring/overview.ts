// The Monitoring view's data for one filter: the per-turn series (bucketed on long ranges so
// the answer stays small at any number of turns), totals, the store's figures and the hints.
import type {
  MetricsFilter,
  MetricsTotals,
  MonitoringOverview,
  StoreFigures,
  SummaryPoint,
} from '../../../shared/monitoring';
import type { Store } from '../store';
import { healthHints, HINT_THRESHOLDS } from './health-hints';

/** Above this many turns in the range, points become time buckets of averages. */
export const MAX_POINTS = 300;
/** Summaries are counted in this many buckets over the range at most. */
const SUMMARY_BUCKETS = 60;

export interface OverviewSources {
  store: Store;
  /** The store's size on disk, the outbox and the indexer's pace (see store-figures.ts). */
  storeFigures: () => StoreFigures;
}

export function monitoringOverview(sources: OverviewSources, filter: MetricsFilter): MonitoringOverview {
  const { metrics, engineEvents } = sources.store;
  const n = metrics.count(filter);
  const span = metrics.span(filter);
  const start = filter.from ?? span?.first ?? 0;
  const end = filter.to ?? (span ? span.last + 1 : start + 1);
  const bucket = n > MAX_POINTS ? { start, width: Math.max(1, Math.ceil((end - start) / MAX_POINTS)) } : null;
  const summaryBucket = { start, width: Math.max(60_000, Math.ceil((end - start) / SUMMARY_BUCKETS)) };

  const counts = metrics.totals(filter, HINT_THRESHOLDS.fullPromptShare);
  const written = metrics.summariesWritten(filter, null)[0];
  const events = {
    ...(filter.from !== undefined ? { from: filter.from } : {}),
    ...(filter.to !== undefined ? { to: filter.to } : {}),
  };
  const totals: MetricsTotals = {
    ...counts,
    medianAssemblyMs: metrics.median(filter, 'assembly_ms'),
    medianEmbedMs: metrics.median(filter, 'embed_ms'),
    medianFirstTokenMs: metrics.median(filter, 'first_token_ms'),
    summaries: { overflow: written?.overflow ?? 0, idle: written?.idle ?? 0, end: written?.end ?? 0 },
    chromaDowns: engineEvents.count('chroma-down', events),
    chromaRestarts: engineEvents.count('chroma-restart', events),
  };
  const store = sources.storeFigures();
  return {
    recordedTurns: filter.conversationId || filter.from !== undefined || filter.to !== undefined ? metrics.count() : n,
    filter: { conversationId: filter.conversationId ?? null, from: filter.from ?? null, to: filter.to ?? null },
    bucketMs: bucket?.width ?? null,
    points: metrics.series(filter, bucket),
    summaries: everyBucket(metrics.summariesWritten(filter, summaryBucket), summaryBucket, end),
    totals,
    store,
    hints: healthHints({
      turns: totals.turns,
      squeezedTurns: totals.squeezedTurns,
      keywordOnlyTurns: totals.keywordOnlyTurns,
      medianEmbedMs: totals.medianEmbedMs,
      medianAssemblyMs: totals.medianAssemblyMs,
      medianFirstTokenMs: totals.medianFirstTokenMs,
      tokensPerSecond: totals.tokensPerSecond,
      chromaDownsToday: store.chromaDownsToday,
      outboxBacklog: store.outboxBacklog,
      indexedPerMinute: store.indexedPerMinute,
    }),
  };
}

/** Summary counts for every bucket of the range, empty ones as zeros, so bars keep their place in time. */
function everyBucket(points: SummaryPoint[], bucket: { start: number; width: number }, end: number): SummaryPoint[] {
  const slot = (at: number) => Math.floor((at - bucket.start) / bucket.width);
  const bySlot = new Map(points.map((p) => [slot(p.at), p]));
  // Summaries may come after the last turn (idle, at quit): the range reaches them too.
  const slots = Math.max(1, Math.ceil((end - bucket.start) / bucket.width), ...[...bySlot.keys()].map((i) => i + 1));
  return Array.from({ length: Math.min(slots, SUMMARY_BUCKETS * 2) }, (_, i) => {
    const p = bySlot.get(i);
    return { at: bucket.start + i * bucket.width, overflow: p?.overflow ?? 0, idle: p?.idle ?? 0, end: p?.end ?? 0 };
  });
}
