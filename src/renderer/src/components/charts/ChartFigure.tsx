// One chart with its text alternative: the canvas is an image named by a sentence that says
// what it shows, and the same figures are a table under "Show as table" (screen readers,
// copying numbers, anyone who prefers rows to lines). Numbers show on hover and focus.
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChartConfiguration } from 'chart.js';
import { applyThemeDefaults, Chart } from './chart-setup';
import { useColorScheme } from './use-color-scheme';

export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

export interface ChartFigureProps {
  title: string;
  /** What the chart shows, in words (the canvas's accessible name). */
  description: string;
  config: () => ChartConfiguration;
  table: ChartTable;
  testId?: string;
  children?: ReactNode;
}

export function ChartFigure({ title, description, config, table, testId, children }: ChartFigureProps) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const scheme = useColorScheme();
  const headingId = useId();

  useEffect(() => {
    if (!canvas.current) return;
    applyThemeDefaults();
    const chart = new Chart(canvas.current, config());
    return () => chart.destroy();
  }, [config, scheme]);

  return (
    <figure className="chart card" aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId}>{title}</h2>
      {children}
      <div className="chart-canvas">
        <canvas ref={canvas} role="img" aria-label={description} />
      </div>
      <details className="chart-table">
        <summary>{t('common.showTable')}</summary>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {table.columns.map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
