// The engine's monitoring face: records engine events (Chroma down and restarted, items
// indexed), keeps the metrics pruned, and answers the Monitoring view, its exports and the
// diagnostics report.
import type { MetricsFilter, MonitoringOverview } from '../../../shared/monitoring';
import type { UserSettings } from '../config';
import { LATEST_SCHEMA_VERSION, type EngineEventKind, type Store } from '../store';
import { DIAGNOSTIC_TURNS, diagnosticsReport } from './diagnostics';
import { metricsFileName, metricsToCsv, metricsToJson } from './export';
import { monitoringOverview } from './overview';
import { MetricsPruner } from './pruner';
import { storeFigures } from './store-figures';

export interface MonitoringOptions {
  store: Store;
  paths: { database: string; chroma: string };
  settings: () => UserSettings;
  now: () => number;
  appVersion?: string;
}

export interface StatusForDiagnostics {
  chroma: string;
  ollama: { reachable: boolean; version: string | null; chatModelInstalled: boolean; embeddingModelInstalled: boolean };
  indexerLastError: string | null;
}

export class Monitoring {
  readonly pruner: MetricsPruner;

  constructor(private readonly options: MonitoringOptions) {
    this.pruner = new MetricsPruner({
      store: options.store,
      now: options.now,
      retention: () => ({
        days: options.settings().metricsRetentionDays,
        maxTurns: options.settings().metricsMaxTurns,
      }),
    });
  }

  /** Counts an engine event; never throws (events come from background work, maybe while closing). */
  count(kind: EngineEventKind, n = 1): void {
    try {
      this.options.store.engineEvents.add(kind, n);
    } catch {
      // A closed or replaced database: this count is lost, nothing else.
    }
  }

  overview(filter: MetricsFilter): MonitoringOverview {
    return monitoringOverview({ store: this.options.store, storeFigures: () => this.storeFigures() }, filter);
  }

  export(filter: MetricsFilter, format: 'csv' | 'json'): { filename: string; mimeType: string; content: string } {
    const rows = this.options.store.metrics.list(filter);
    return {
      filename: metricsFileName(this.options.now(), format),
      mimeType: format === 'csv' ? 'text/csv' : 'application/json',
      content: format === 'csv' ? metricsToCsv(rows) : metricsToJson(rows),
    };
  }

  diagnostics(status: StatusForDiagnostics): string {
    const { store } = this.options;
    const overview = this.overview({ from: this.options.now() - 24 * 3_600_000 });
    return diagnosticsReport({
      now: this.options.now(),
      versions: {
        mnemo: this.options.appVersion ?? null,
        node: process.versions.node,
        electron: process.versions['electron'] ?? null,
        sqlite: store.db.prepare('SELECT sqlite_version()').pluck().get() as string,
        schema: String(LATEST_SCHEMA_VERSION),
        platform: `${process.platform} ${process.arch}`,
      },
      settings: this.options.settings(),
      status,
      store: overview.store,
      hints: overview.hints,
      recentTurns: store.metrics.recent(DIAGNOSTIC_TURNS),
    });
  }

  private storeFigures() {
    return storeFigures({ store: this.options.store, paths: this.options.paths, now: this.options.now });
  }
}
