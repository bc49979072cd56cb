import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../scripts/lib/bench-report';
import { tempDir } from '../support/store';

/** Every leaf of `value` with its path, e.g. `sizes.0.retrieval.fts5_query_ms.p50`. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[path, value]];
  return Object.entries(value).flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key));
}

describe('npm run bench', () => {
  const dir = tempDir('mnemo-bench-test-');
  afterAll(() => dir.remove());

  it('runs at a tiny size and writes bench.json with every figure and bench.md with the table', () => {
    const out = join(dir.path, 'results');
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench.ts', '--messages', '300', '--queries', '8', '--out', out],
      { encoding: 'utf8', timeout: 150_000 },
    );
    expect(run.status, run.stderr).toBe(0);

    const report = JSON.parse(readFileSync(join(out, 'bench.json'), 'utf8')) as BenchReport;
    // Encryption is on unless the bench is told --encryption off.
    expect(report).toMatchObject({
      bench: 'mnemo',
      messages: 300,
      queries_per_size: 8,
      indexer_batch: null,
      encrypted: true,
    });
    expect(report.sizes.map((s) => s.messages)).toEqual([300]);
    const [size] = report.sizes;
    expect(size!.chunks).toBeGreaterThanOrEqual(300);
    expect(report.ingest).toMatchObject({ messages: 300, chunks: size!.chunks });
    expect(report.indexing.chunks).toBe(size!.chunks);

    // Every figure is there and is a positive number (or a non-empty string for labels).
    // Chroma may be quiet as soon as the outbox drained, and the data stay in the file cache:
    // its settle time and the disk-reading page faults can be zero.
    const figures = leaves(report).filter(
      ([path]) =>
        !path.startsWith('machine.') &&
        path !== 'indexer_batch' &&
        path !== 'encrypted' &&
        !/chroma_settle_ms|major_page_faults|work\.(checkpoints|bytes_read)$/.test(path),
    );
    for (const [path, value] of figures) {
      if (typeof value === 'string') expect(value, path).not.toBe('');
      else expect(value, path).toBeGreaterThan(0);
    }
    for (const name of [
      'context_with_embedding_ms',
      'context_without_embedding_ms',
      'context_without_embedding_continuing_ms',
      'context_without_embedding_unopened_ms',
      'context_without_embedding_new_ms',
      'embed_query_ms',
      'fts5_query_ms',
      'chroma_query_ms',
      'history_search_ms',
    ] as const) {
      expect(Object.keys(size!.retrieval[name]), name).toEqual(['p50', 'p95', 'p99', 'mean', 'n']);
      expect(size!.retrieval[name].n, name).toBe(8);
    }
    expect(Object.keys(size!.memory)).toEqual([
      'rss_mb',
      'heap_used_mb',
      'heap_total_mb',
      'peak_rss_mb',
      'rss_file_mb',
      'chroma_rss_mb',
    ]);
    expect(size!.indexing.chroma_settle_ms).toBeGreaterThanOrEqual(0);
    expect(size!.retrieval.major_page_faults).toBeGreaterThanOrEqual(0);
    expect(Object.keys(size!.disk)).toEqual(['sqlite_bytes', 'chroma_bytes']);
    // The ingest's work in counts: 300 messages are far below an encrypted file's 10,000-page checkpoint.
    expect(Object.keys(report.ingest.work)).toEqual([
      'cpu_ms',
      'bytes_read',
      'bytes_written',
      'wal_pages',
      'checkpoints',
    ]);
    expect(report.ingest.work.checkpoints).toBe(0);
    expect(report.ingest.work.bytes_written).toBeGreaterThanOrEqual(report.ingest.work.wal_pages * 4096);
    expect(report.machine.speed_ms!.start).toBeGreaterThan(0);
    expect(report.machine.speed_ms!.end).toBeGreaterThan(0);
    expect(report.long_message.tokens).toBeGreaterThanOrEqual(19_900);
    expect(report.summarisation.folds).toBeGreaterThanOrEqual(report.summarisation.overflows);
    expect(report.monitoring.turns).toBe(300);
    expect(report.monitoring.overview_all_ms.n).toBe(20);

    const markdown = readFileSync(join(out, 'bench.md'), 'utf8');
    expect(markdown).toContain('| figure | 300 msgs |');
    expect(markdown).toMatch(
      /machine speed: a fixed piece of CPU work took [\d.]+ ms at the start and [\d.]+ ms at the end/,
    );
    for (const label of [
      'indexer catch-up',
      'context dry run, with embedding',
      'context assembly, no embedding',
      'continuing a conversation',
      'in a conversation not opened first',
      'first message of a new conversation',
      'FTS5 query',
      'Chroma query',
      'History search',
      'main process RSS',
      'SQLite on disk',
      'Chroma on disk',
      'reassemble it',
      'our overhead per fold',
      'Monitoring view over 300 turn rows',
    ]) {
      expect(markdown).toMatch(new RegExp(`^\\| (↳ )?${label}`, 'm'));
    }
    expect(run.stdout).toContain('context dry run, with embedding');
    expect(run.stdout).toContain(join(out, 'bench.json'));
  }, 180_000);
});
