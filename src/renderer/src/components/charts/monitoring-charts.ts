// The Monitoring view's charts, built from the engine's overview: each gives its Chart.js
// configuration, a sentence saying what it shows, and the same figures as a table.
import type { ChartConfiguration, ChartDataset } from 'chart.js';
import { PROMPT_SECTIONS, type MonitoringOverview, type PromptSectionGroup } from '../../../../shared/monitoring';
import { axisTime, formatCount, formatMs } from '../../lib/monitoring';
import type { ChartTable } from './ChartFigure';
import { cssColor } from './chart-setup';

export interface ChartSpec {
  config: () => ChartConfiguration;
  description: string;
  table: ChartTable;
}

export const SECTION_LABELS: Record<PromptSectionGroup, string> = {
  system: 'System and tools',
  memories: 'Memories',
  summary: 'Summary',
  retrieved: 'Retrieved excerpts',
  recent: 'Recent turns',
  message: 'Your message',
};
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

const per = (overview: MonitoringOverview) =>
  overview.bucketMs ? 'per time slot (averages of the turns in it)' : 'per turn';

export function timingChart(overview: MonitoringOverview): ChartSpec {
  const { points, totals } = overview;
  const labels = labelsOf(overview);
  return {
    description: `Line chart of context assembly and embedding time ${per(overview)}, ${points.length} points. Median assembly ${formatMs(totals.medianAssemblyMs)}, median embedding ${formatMs(totals.medianEmbedMs)}.`,
    table: {
      columns: ['Time', 'Turns', 'Assembly (ms)', 'Embedding (ms)'],
      rows: points.map((p, i) => [labels[i]!, p.turns, round1(p.assemblyMs), round1(p.embedMs)]),
    },
    config: () => ({
      type: 'line',
      data: {
        labels,
        datasets: [
          line(
            'Context assembly (ms)',
            points.map((p) => p.assemblyMs),
            '--accent',
          ),
          line(
            'Embedding (ms)',
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
    description: `Line chart of the model's time to first token and tokens per second ${per(overview)}. Median time to first token ${formatMs(totals.medianFirstTokenMs)}, ${totals.tokensPerSecond === null ? 'no generation speed recorded' : `${round1(totals.tokensPerSecond)} tokens per second overall`}.`,
    table: {
      columns: ['Time', 'Time to first token (ms)', 'Tokens per second'],
      rows: points.map((p, i) => [labels[i]!, round1(p.firstTokenMs), round1(p.tokensPerSecond)]),
    },
    config: () => ({
      type: 'line',
      data: {
        labels,
        datasets: [
          line(
            'Time to first token (ms)',
            points.map((p) => p.firstTokenMs),
            '--seg-core_memory',
            { yAxisID: 'y' },
          ),
          line(
            'Tokens per second',
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
    label: SECTION_LABELS[s],
    data: points.map((p) => p.bySection[s]),
    backgroundColor: cssColor(SECTION_COLORS[s]),
    stack: 'prompt',
  }));
  const budget: ChartDataset<'line'> = {
    ...line(
      'Prompt budget',
      points.map((p) => p.contextBudget),
      '--danger',
      { borderDash: [6, 4], pointRadius: 0 },
    ),
    stack: 'budget',
  };
  const total = (s: PromptSectionGroup) => points.reduce((sum, p) => sum + p.bySection[s] * p.turns, 0);
  const all = PROMPT_SECTIONS.reduce((sum, s) => sum + total(s), 0);
  const shares = PROMPT_SECTIONS.filter((s) => total(s) > 0).map(
    (s) => `${SECTION_LABELS[s].toLowerCase()} ${Math.round((100 * total(s)) / all)}%`,
  );
  return {
    description: `Stacked bar chart of the tokens each prompt spent by section ${per(overview)}, against the prompt budget.${all > 0 ? ` Overall: ${shares.join(', ')}.` : ''}`,
    table: {
      columns: ['Time', ...PROMPT_SECTIONS.map((s) => SECTION_LABELS[s]), 'Budget'],
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
          y: { stacked: true, beginAtZero: true, title: { display: true, text: 'tokens' } },
        },
      },
    }),
  };
}

export function retrievalChart(overview: MonitoringOverview): ChartSpec {
  const { points, totals } = overview;
  const labels = labelsOf(overview);
  return {
    description: `Bar chart of retrieved excerpts per turn, with the turns answered on keywords only. ${formatCount(totals.keywordOnlyTurns)} of ${formatCount(totals.turns)} turns were keyword-only; the vector index was unavailable ${formatCount(totals.chromaDowns)} times in this range.`,
    table: {
      columns: ['Time', 'Retrieved per turn', 'Keyword-only turns'],
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
              label: 'Retrieved excerpts per turn',
              data: points.map((p) => p.retrievalHits),
              backgroundColor: cssColor('--seg-retrieved'),
              yAxisID: 'y',
            },
          ],
          [
            line(
              'Keyword-only turns',
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
          y: { beginAtZero: true, title: { display: true, text: 'excerpts' } },
          y1: {
            beginAtZero: true,
            position: 'right',
            grid: { drawOnChartArea: false },
            ticks: { precision: 0 },
            title: { display: true, text: 'turns' },
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
    { key: 'overflow', label: 'Overflow', color: '--seg-summary' },
    { key: 'idle', label: 'Idle', color: '--seg-recent' },
    { key: 'end', label: 'At quit', color: '--seg-system' },
  ] as const;
  return {
    description: `Stacked bar chart of summaries written over time: ${totals.summaries.overflow} on overflow, ${totals.summaries.idle} for idle conversations, ${totals.summaries.end} at quit.`,
    table: {
      columns: ['Time', 'Overflow', 'Idle', 'At quit'],
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
