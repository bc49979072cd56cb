// Dates, times, numbers and sizes in the reader's language (Intl, built into Chromium): one place
// so no view shows a UTC ISO stamp or an English-only number. Each takes the language explicitly;
// components get them bound to the current language from useFormat().
import { useTranslation } from 'react-i18next';

export type Stamp = number | string | Date;

const toDate = (at: Stamp) => (at instanceof Date ? at : new Date(at));

/** "6 Dec 2026, 14:05" / "2026年12月6日 14:05". */
export function formatDateTime(language: string, at: Stamp): string {
  return toDate(at).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(language: string, at: Stamp): string {
  return toDate(at).toLocaleDateString(language, { dateStyle: 'medium' });
}

export function formatTime(language: string, at: Stamp): string {
  return toDate(at).toLocaleTimeString(language, { timeStyle: 'short' });
}

const RELATIVE_STEPS: { unit: Intl.RelativeTimeFormatUnit; ms: number }[] = [
  { unit: 'year', ms: 365 * 86_400_000 },
  { unit: 'month', ms: 30 * 86_400_000 },
  { unit: 'week', ms: 7 * 86_400_000 },
  { unit: 'day', ms: 86_400_000 },
  { unit: 'hour', ms: 3_600_000 },
  { unit: 'minute', ms: 60_000 },
];

/** "3 minutes ago", "yesterday", "3分钟前", "昨天"; "now" under a minute. */
export function formatRelative(language: string, at: Stamp, now: number = Date.now()): string {
  const diff = toDate(at).getTime() - now;
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const step = RELATIVE_STEPS.find((s) => Math.abs(diff) >= s.ms);
  return step ? rtf.format(Math.round(diff / step.ms), step.unit) : rtf.format(0, 'second');
}

export function formatNumber(language: string, n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(language, options).format(n);
}

export function formatPercent(language: string, fraction: number): string {
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
}

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** "1.5 MB" in every language (Intl's Chinese data keeps the Latin units); SI units, as macOS shows sizes. */
export function formatBytes(language: string, bytes: number): string {
  // Intl's short "byte" is the word ("512 byte"); B is what people read next to kB and MB.
  if (Math.abs(bytes) < 1000) return `${formatNumber(language, bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: BYTE_UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

/** "1.2 s", "350 ms" — durations measured by the engine. */
export function formatMs(language: string, ms: number): string {
  return ms >= 1000
    ? new Intl.NumberFormat(language, {
        style: 'unit',
        unit: 'second',
        unitDisplay: 'short',
        maximumFractionDigits: 1,
      }).format(ms / 1000)
    : new Intl.NumberFormat(language, {
        style: 'unit',
        unit: 'millisecond',
        unitDisplay: 'short',
        maximumFractionDigits: 0,
      }).format(ms);
}

/** The formatters bound to the current language; the component re-renders when it changes. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return {
    dateTime: (at: Stamp) => formatDateTime(lng, at),
    date: (at: Stamp) => formatDate(lng, at),
    time: (at: Stamp) => formatTime(lng, at),
    relative: (at: Stamp) => formatRelative(lng, at),
    number: (n: number, options?: Intl.NumberFormatOptions) => formatNumber(lng, n, options),
    percent: (fraction: number) => formatPercent(lng, fraction),
    bytes: (n: number) => formatBytes(lng, n),
    ms: (n: number) => formatMs(lng, n),
  };
}
