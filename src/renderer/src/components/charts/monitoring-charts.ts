// The Monitoring view's charts, built from the engine's overview: each gives its Chart.js
// configuration, a sentence saying what it shows, and the same figures as a table.
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { PROMPT_SECTIONS, type MonitoringOverview, type PromptSectionGroup } from '../../../../shared/monitoring';
import { t } from '../../i18n';
import { axisTime, formatCount, formatMs } from '../../lib/monitoring';
import type { ChartTable } from './ChartFigure';
import { cssColor } from './chart-setup';

export interface ChartSpec {
  config: () => ChartConfiguration;
  description: string;
  table: ChartTable;
}

const sectionLabel = (s: PromptSectionGroup) => t(`monitoring.section.${s}`);
const SECTION_COLORS: Record<PromptSectionGroup, string> = {
  system: '--seg-system',
  memories: '--seg-memory',
  summary: '--seg-summary',
  retrieved: '--seg-retrieved',
  recent: '--seg-recent',
  message: '--seg-tools',
};

const round1 = (n: number | null) => (n === null ? '—' : Math.round(n * 10) / 10);
const tooltip = { mode: 'index', intersect: false } as const;

function labelsOf(overview: MonitoringOverview): string[] {
  const { points } = overview;
  const span = points.length > 1 ? points[points.length - 1]!.at - points[0]!.at : 0;
  return points.map((p) => axisTime(p.at, span));
}

function line(
  label: string,
  data: (number | null)[],
  color: string,
  extra: Partial<ChartDataset<'line'>> = {},
): ChartDataset<'line'> {
  const c = cssColor(color);
  return {
    type: 'line',
    label,
    data,
    borderColor: c,
    backgroundColor: c,
    pointRadius: data.length > 60 ? 0 : 2,
    borderWidth: 2,
    spanGaps: true,
    ...extra,
  };
}

/** Bars with lines drawn over them (Chart.js mixed chart): each dataset keeps its own type. */
function mixed(bars: ChartDataset<'bar'>[], lines: ChartDataset<'line'>[]): ChartDataset[] {
  return [...bars, ...lines];
}

const per = (overview: MonitoringOverview) => (overview.bucketMs ? t('monitoring.perSlot') : t('monitoring.perTurn'));

export function timingChart(overview: MonitoringOverview): ChartSpec {
  const { points, totals } = overview;
  const labels = labelsOf(overview);
  return {
    description: t('monitoring.desc.timing', {
      per: per(overview),
      points: points.length,
      assembly: formatMs(totals.medianAssemblyMs),
      embedding: formatMs(totals.medianEmbedMs),
    }),
    table: {
      columns: [
        t('monitoring.col.time'),
        t('monitoring.col.turns'),
        t('monitoring.col.assembly'),
        t('monitoring.col.embedding'),
      ],
      rows: points.map((p, i) => [labels[i]!, p.turns, round1(p.assemblyMs), round1(p.embedMs)]),
    },
    config: () => ({
      type: 'line',
      data: {
        labels,
        datasets: [
          line(
            t('monitoring.ds.assembly'),
            points.map((p) => p.assemblyMs),
            '--accent',
          ),
          line(
            t('monitoring.col.embedding'),
            points.map((p) => p.embedMs),
            '--seg-summary',
          ),
        ],
      },
      options: {
        interaction: tooltip,
        plugins: { tooltip },
        scales: { y: { beginAtZero: true, title: { display: true, text: 'ms' } } },
      },
    }),
  };
}

export function modelChart(overview: MonitoringOverview): ChartSpec {
  const { points, totals } = overview;
  const labels = labelsOf(overview);
  return {
    description: t('monitoring.desc.model', {
      per: per(overview),
      firstToken: formatMs(totals.medianFirstTokenMs),
      speed:
        totals.tokensPerSecond === null
          ? t('monitoring.desc.noSpeed')
          : t('monitoring.desc.speed', { speed: round1(totals.tokensPerSecond) }),
    }),
    table: {
      columns: [t('monitoring.col.time'), t('monitoring.col.firstToken'), t('monitoring.col.tokensPerSecond')],
      rows: points.map((p, i) => [labels[i]!, round1(p.firstTokenMs), round1(p.tokensPerSecond)]),
    },
    config: () => ({
      type: 'line',
      data: {
        labels,
        datasets: [
          line(
            t('monitoring.col.firstToken'),
            points.map((p) => p.firstTokenMs),
            '--seg-core_memory',
            { yAxisID: 'y' },
          ),
          line(
            t('monitoring.col.tokensPerSecond'),
            points.map((p) => p.tokensPerSecond),
            '--seg-retrieved',
            { yAxisID: 'y1' },
          ),
        ],
      },
      options: {
        interaction: tooltip,
        plugins: { tooltip },
        scales: {
          y: { beginAtZero: true, position: 'left', title: { display: true, text: 'ms' } },
          y1: {
            beginAtZero: true,
            position: 'right',
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'tokens/s' },
          },
        },
      },
    }),
  };
}

export function sectionsChart(overview: MonitoringOverview): ChartSpec {
  const { points } = overview;
  const labels = labelsOf(overview);
  const bars: ChartDataset<'bar'>[] = PROMPT_SECTIONS.map((s) => ({
    type: 'bar',
    label: sectionLabel(s),
    data: points.map((p) => p.bySection[s]),
    backgroundColor: cssColor(SECTION_COLORS[s]),
    stack: 'prompt',
  }));
  const budget: ChartDataset<'line'> = {
    ...line(
      t('monitoring.ds.budget'),
      points.map((p) => p.contextBudget),
      '--danger',
      { borderDash: [6, 4], pointRadius: 0 },
    ),
    stack: 'budget',
  };
  const total = (s: PromptSectionGroup) => points.reduce((sum, p) => sum + p.bySection[s] * p.turns, 0);
  const all = PROMPT_SECTIONS.reduce((sum, s) => sum + total(s), 0);
  const shares = PROMPT_SECTIONS.filter((s) => total(s) > 0).map(
    (s) => `${sectionLabel(s).toLowerCase()} ${Math.round((100 * total(s)) / all)}%`,
  );
  const overall =
    all > 0 ? ` ${t('monitoring.desc.sectionsOverall', { shares: shares.join(t('common.listSeparator')) })}` : '';
  return {
    description: `${t('monitoring.desc.sections', { per: per(overview) })}${overall}`,
    table: {
      columns: [t('monitoring.col.time'), ...PROMPT_SECTIONS.map(sectionLabel), t('monitoring.col.budget')],
      rows: points.map((p, i) => [
        labels[i]!,
        ...PROMPT_SECTIONS.map((s) => Math.round(p.bySection[s])),
        p.contextBudget === null ? '—' : Math.round(p.contextBudget),
      ]),
    },
    config: () => ({
      type: 'bar',
      data: { labels, datasets: mixed(bars, [budget]) },
      options: {
        interaction: tooltip,
        plugins: { tooltip },
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, title: { display: true, text: t('monitoring.axis.tokens') } },
        },
      },
    }),
  };
}

export function retrievalChart(overview: MonitoringOverview): ChartSpec {
  const { points, totals } = overview;
  const labels = labelsOf(overview);
  return {
    description: t('monitoring.desc.retrieval', {
      keywordOnly: formatCount(totals.keywordOnlyTurns),
      turns: formatCount(totals.turns),
      downs: formatCount(totals.chromaDowns),
    }),
    table: {
      columns: [t('monitoring.col.time'), t('monitoring.col.retrieved'), t('monitoring.col.keywordOnly')],
      rows: points.map((p, i) => [labels[i]!, round1(p.retrievalHits), p.keywordOnly]),
    },
    config: () => ({
      type: 'bar',
      data: {
        labels,
        datasets: mixed(
          [
            {
              type: 'bar',
              label: t('monitoring.ds.retrieved'),
              data: points.map((p) => p.retrievalHits),
              backgroundColor: cssColor('--seg-retrieved'),
              yAxisID: 'y',
            },
          ],
          [
            line(
              t('monitoring.col.keywordOnly'),
              points.map((p) => p.keywordOnly),
              '--warn',
              { yAxisID: 'y1', stepped: true },
            ),
          ],
        ),
      },
      options: {
        interaction: tooltip,
        plugins: { tooltip },
        scales: {
          y: { beginAtZero: true, title: { display: true, text: t('monitoring.axis.excerpts') } },
          y1: {
            beginAtZero: true,
            position: 'right',
            grid: { drawOnChartArea: false },
            ticks: { precision: 0 },
            title: { display: true, text: t('monitoring.axis.turns') },
          },
        },
      },
    }),
  };
}

export function summariesChart(overview: MonitoringOverview): ChartSpec {
  const { summaries, totals } = overview;
  const span = summaries.length > 1 ? summaries[summaries.length - 1]!.at - summaries[0]!.at : 0;
  const labels = summaries.map((s) => axisTime(s.at, span));
  const kinds = [
    { key: 'overflow', label: t('monitoring.col.overflow'), color: '--seg-summary' },
    { key: 'idle', label: t('monitoring.col.idle'), color: '--seg-recent' },
    { key: 'end', label: t('monitoring.col.end'), color: '--seg-system' },
  ] as const;
  return {
    description: t('monitoring.desc.summaries', { ...totals.summaries }),
    table: {
      columns: [t('monitoring.col.time'), ...kinds.map((k) => k.label)],
      rows: summaries.map((s, i) => [labels[i]!, s.overflow, s.idle, s.end]),
    },
    config: () => ({
      type: 'bar',
      data: {
        labels,
        datasets: kinds.map((k) => ({
          label: k.label,
          data: summaries.map((s) => s[k.key]),
          backgroundColor: cssColor(k.color),
          stack: 'summaries',
          maxBarThickness: 32,
        })),
      },
      options: {
        interaction: tooltip,
        plugins: { tooltip },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    }),
  };
}
