// Turn metrics as files: JSON (the rows as they are) and CSV (one column per figure, one per
// prompt section), and the CSV read back, so an export can be checked against its source.
import { MnemoError } from '../../../shared/errors';
import type { TurnFigures } from '../../../shared/monitoring';

type Column = Exclude<keyof TurnFigures, 'tokensBySection'>;
const COLUMNS: readonly Column[] = [
  'id',
  'at',
  'conversationId',
  'messageId',
  'model',
  'outcome',
  'assemblyMs',
  'embedMs',
  'firstTokenMs',
  'generationMs',
  'retrievalHits',
  'retrievalMode',
  'summarizationRuns',
  'promptTokens',
  'outputTokens',
  'toolCalls',
  'contextTokens',
  'contextBudget',
];
const TEXT_COLUMNS = new Set<Column>(['conversationId', 'messageId', 'model', 'outcome', 'retrievalMode']);
const SECTION_PREFIX = 'tokens.';

export function metricsFileName(now: number, format: 'csv' | 'json'): string {
  return `mnemo-metrics-${new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${format}`;
}

export function metricsToJson(rows: readonly TurnFigures[]): string {
  return JSON.stringify({ format: 'mnemo-turn-metrics', version: 1, turns: rows }, null, 2);
}

export function metricsToCsv(rows: readonly TurnFigures[]): string {
  const sections = [...new Set(rows.flatMap((r) => Object.keys(r.tokensBySection)))].sort();
  const header = [...COLUMNS, ...sections.map((s) => SECTION_PREFIX + s)];
  const lines = rows.map((r) =>
    [...COLUMNS.map((c) => cell(r[c])), ...sections.map((s) => cell(r.tokensBySection[s] ?? null))].join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

function cell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return /[",\r\n]/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Reads a CSV written by `metricsToCsv` back into rows (INVALID_INPUT for anything else). */
export function parseMetricsCsv(csv: string): TurnFigures[] {
  const [header, ...records] = csvRecords(csv);
  if (!header || COLUMNS.some((c, i) => header[i] !== c))
    throw new MnemoError('INVALID_INPUT', 'This is not a Mnemo metrics CSV file.');
  const sections = header.slice(COLUMNS.length).map((h) => (h ?? '').slice(SECTION_PREFIX.length));
  return records.map((fields) => {
    const row = Object.fromEntries(COLUMNS.map((c, i) => [c, fieldValue(c, fields[i])])) as Omit<
      TurnFigures,
      'tokensBySection'
    >;
    const tokensBySection: Record<string, number> = {};
    sections.forEach((s, i) => {
      const raw = fields[COLUMNS.length + i];
      if (raw !== undefined && raw !== null && raw !== '') tokensBySection[s] = Number(raw);
    });
    return { ...row, tokensBySection };
  });
}

function fieldValue(column: Column, raw: string | null | undefined): string | number | null {
  if (raw === undefined || raw === null) return null;
  if (TEXT_COLUMNS.has(column)) return raw;
  return raw === '' ? null : Number(raw);
}

/** RFC 4180 records; a quoted empty field is '' and an unquoted one is null. */
function csvRecords(csv: string): (string | null)[][] {
  const records: (string | null)[][] = [];
  let record: (string | null)[] = [];
  let i = 0;
  while (i < csv.length) {
    let value: string | null;
    if (csv[i] === '"') {
      let text = '';
      for (i++; i < csv.length; i++) {
        if (csv[i] === '"' && csv[i + 1] === '"') {
          text += '"';
          i++;
        } else if (csv[i] === '"') break;
        else text += csv[i];
      }
      i++;
      value = text;
    } else {
      let end = i;
      while (end < csv.length && csv[end] !== ',' && csv[end] !== '\r' && csv[end] !== '\n') end++;
      value = end === i ? null : csv.slice(i, end);
      i = end;
    }
    record.push(value);
    if (csv[i] === ',') i++;
    else {
      if (csv[i] === '\r') i++;
      if (csv[i] === '\n') i++;
      records.push(record);
      record = [];
    }
  }
  return records;
}
