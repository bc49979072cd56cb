export { healthHints, HINT_THRESHOLDS, type HealthFigures } from './health-hints';
export { hintText } from './hint-text';
export { monitoringOverview, MAX_POINTS, type OverviewSources } from './overview';
export { storeFigures, type StoreFigureSources } from './store-figures';
export { metricsFileName, metricsToCsv, metricsToJson, parseMetricsCsv } from './export';
export { diagnosticsReport, DIAGNOSTIC_TURNS, type DiagnosticsInput } from './diagnostics';
export { MetricsPruner, type PrunerOptions } from './pruner';
export { Monitoring, type MonitoringOptions, type StatusForDiagnostics } from './monitoring';
