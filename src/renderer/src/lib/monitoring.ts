// What the Monitoring view works out on its own: the time range a choice stands for, and
// figures written for people (durations, sizes, times on a chart's axis).
import type { MetricsFilter } from '../../../shared/monitoring';
import { i18n } from '../i18n';
import { formatNumber } from '../i18n/format';

export const RANGES = [
  { id: '1h', labelKey: 'monitoring.range1h', ms: 3_600_000 },
  { id: '24h', labelKey: 'monitoring.range24h', ms: 24 * 3_600_000 },
  { id: '7d', labelKey: 'monitoring.range7d', ms: 7 * 24 * 3_600_000 },
  { id: '30d', labelKey: 'monitoring.range30d', ms: 30 * 24 * 3_600_000 },
  { id: 'all', labelKey: 'monitoring.rangeAll', ms: null },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

export interface MonitoringChoice {
  conversationId: string | null;
  range: RangeId;
}

export function toMetricsFilter(choice: MonitoringChoice, now: number): MetricsFilter {
  const range = RANGES.find((r) => r.id === choice.range);
  return {
    ...(choice.conversationId ? { conversationId: choice.conversationId } : {}),
    ...(range?.ms ? { from: Math.max(0, now - range.ms) } : {}),
  };
}

export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${ms >= 100 ? Math.round(ms) : ms.toFixed(1)} ms`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  return formatNumber(i18n.language, Math.round(n));
}

/** A point's time on an axis: the hour and minute within a day's range, the day before it beyond. */
export function axisTime(at: number, spanMs: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (spanMs <= 24 * 3_600_000) return time;
  return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
