import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { STRATEGIES, type RecallDataset, type RecallReport } from '../../scripts/lib/recall-eval';
import { tempDir } from '../support/store';

const filler = (i: number) =>
  `Small talk ${i}: the weather was ${['grey', 'sunny', 'windy'][i % 3]} and work was fine.`;

function dataset(): RecallDataset {
  const sessions = Array.from({ length: 4 }, (_, s) => ({
    id: `s${s}`,
    started_at: `2025-0${s + 1}-01T09:00:00Z`,
    turns: Array.from({ length: 20 }, (_, t) => ({
      id: `S${s}T${t}`,
      role: (t % 2 ? 'assistant' : 'user') as 'user' | 'assistant',
      text: s === 1 && t === 4 ? 'My tortoise is called Horatio and he loves dandelions.' : filler(s * 20 + t),
    })),
  }));
  return {
    name: 'tiny-recall',
    conversations: [
      {
        id: 'c0',
        sessions,
        questions: [{ id: 'q1', text: 'What is my tortoise called?', evidence: ['S1T4'], category: 'single-hop' }],
      },
    ],
  };
}

describe('npm run eval:recall', () => {
  const dir = tempDir('mnemo-eval-');
  afterAll(() => dir.remove());

  it('reports every strategy, finds a keyworded evidence turn, writes --out, and ends with the mnemo line', () => {
    const data = join(dir.path, 'tiny.json');
    const out = join(dir.path, 'report.json');
    writeFileSync(data, JSON.stringify(dataset()));
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/eval-recall.ts', '--dataset', data, '--budget', '600', '--out', out],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^mnemo evidence_recall=\d\.\d{3}$/);
    expect(lines.at(-1)).toBe('mnemo evidence_recall=1.000');

    const report = JSON.parse(readFileSync(out, 'utf8')) as RecallReport;
    expect(Object.keys(report.strategies)).toEqual([...STRATEGIES]);
    expect(report.strategies.full).toMatchObject({ evidence_recall: 1, all_evidence_rate: 1 });
    expect(report.strategies.full.mean_context_tokens).toBeGreaterThan(600);
    expect(report.strategies.mnemo.mean_context_tokens).toBeLessThanOrEqual(600);
    expect(report.strategies.recency.evidence_recall).toBe(0); // the fact is old
    expect(report.strategies.mnemo.by_category['single-hop']).toBe(1);
    expect(report).toMatchObject({
      dataset: 'tiny-recall',
      layout: 'sessions',
      budget: 600,
      questions: 1,
      evidence_turns: 1,
    });
  }, 150_000);

  it.each(['one-conversation', 'long-among-many'] as const)(
    'in the %s layout asks in the long conversation itself: its latest turn is in, and an early one beyond it found',
    (layout) => {
      const data = join(dir.path, `tiny-${layout}.json`);
      const out = join(dir.path, `report-${layout}.json`);
      const tiny = dataset();
      // Shares no word or meaning with the question: only the recent turns of the conversation
      // the question is asked in bring it.
      tiny.conversations[0]!.sessions[3]!.turns[19]!.text = 'Right, talk soon.';
      tiny.conversations[0]!.questions[0]!.evidence.push('S3T19');
      writeFileSync(data, JSON.stringify(tiny));
      const run = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/eval-recall.ts',
          '--dataset',
          data,
          '--budget',
          '600',
          '--layout',
          layout,
          '--out',
          out,
        ],
        { encoding: 'utf8', timeout: 120_000 },
      );
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`layout ${layout}`);
      const report = JSON.parse(readFileSync(out, 'utf8')) as RecallReport;
      expect(report.layout).toBe(layout);
      expect(report.strategies.mnemo).toMatchObject({ evidence_recall: 1, all_evidence_rate: 1 });
      // The tortoise is 55 turns back: the recent turns that fit the budget do not reach it.
      expect(report.strategies.recency).toMatchObject({ evidence_recall: 0.5, all_evidence_rate: 0 });
    },
    150_000,
  );

  it('with --background-messages stores the synthetic history beside every user, and says so', () => {
    const data = join(dir.path, 'tiny-background.json');
    const out = join(dir.path, 'report-background.json');
    writeFileSync(data, JSON.stringify(dataset()));
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/eval-recall.ts',
        '--dataset',
        data,
        '--budget',
        '600',
        '--background-messages',
        '300',
        '--out',
        out,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('beside 300 background messages');
    const report = JSON.parse(readFileSync(out, 'utf8')) as RecallReport;
    expect(report.background_messages).toBe(300);
    // Everything stored is the user's 80 turns and the 300 others.
    const alone = 80 * 20;
    expect(report.strategies.full.mean_context_tokens).toBeGreaterThan(alone + 300 * 10);
    expect(report).toMatchObject({ questions: 1, evidence_turns: 1 });
  }, 150_000);

  it('with --layout all and several budgets prints one table of every layout at every budget', () => {
    const data = join(dir.path, 'tiny-grid.json');
    const out = join(dir.path, 'report-grid.json');
    writeFileSync(data, JSON.stringify(dataset()));
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/eval-recall.ts',
        '--dataset',
        data,
        '--layout',
        'all',
        '--budget',
        '400,600',
        '--out',
        out,
      ],
      { encoding: 'utf8', timeout: 240_000 },
    );
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[1]!.split(/\s+/)).toEqual(['layout', 'budget', 'mnemo', 'recency', 'bm25', 'vector', 'margin']);
    const rows = lines.slice(2).map((l) => l.split(/\s+/));
    expect(rows.map((r) => `${r[0]} ${r[1]}`)).toEqual([
      'sessions 400',
      'sessions 600',
      'one-conversation 400',
      'one-conversation 600',
      'long-among-many 400',
      'long-among-many 600',
    ]);
    const reports = JSON.parse(readFileSync(out, 'utf8')) as RecallReport[];
    expect(reports.map((r) => [r.layout, r.budget])).toEqual(rows.map((r) => [r[0], Number(r[1])]));
    // Each row's figures are its own run's: the mnemo column and the margin over the best baseline.
    for (const [i, report] of reports.entries()) {
      expect(rows[i]![2]).toBe(report.strategies.mnemo.evidence_recall.toFixed(3));
      const best = Math.max(
        report.strategies.recency.evidence_recall,
        report.strategies.bm25.evidence_recall,
        report.strategies.vector.evidence_recall,
      );
      expect(Number(rows[i]![6])).toBeCloseTo(report.strategies.mnemo.evidence_recall - best, 3);
      expect(report.strategies.mnemo.mean_context_tokens).toBeLessThanOrEqual(report.budget);
    }
    // At 600 tokens, as in the single-run tests above, the planted fact is found in every layout.
    expect(reports.filter((r) => r.budget === 600).map((r) => r.strategies.mnemo.evidence_recall)).toEqual([1, 1, 1]);
  }, 300_000);

  it('refuses a layout it does not know, before loading anything', () => {
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/eval-recall.ts', '--dataset', 'unused.json', '--layout', 'threads'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(
      '--layout must be one of sessions, one-conversation, long-among-many or all, not threads',
    );
    const negative = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/eval-recall.ts', '--dataset', 'unused.json', '--background-messages', 'lots'],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(negative.status).toBe(2);
    expect(negative.stderr).toContain('--background-messages must be a whole number from 0 to 1,000,000, not lots');
  }, 90_000);
});
