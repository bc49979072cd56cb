// npm run bench:encryption-ab -- [--messages 100000] [--queries 200] [--seed 42] [--out DIR]
// What encryption costs, measured so that machine load cannot take sides: one process holds two
// profiles, plaintext and encrypted, and alternates between them — each ingest step of 1,000
// turns goes to one then the other (order swapped every step), each context dry run and History
// search runs on both, back to back, order swapped each time. Two separate bench runs, even
// started together, reach their measuring phases minutes apart on a shared machine.
// The vector index is not filled (identical work for both, in Chroma, not SQLite): dry runs take
// the keyword path. Writes ab.json and ab.md into --out and prints the table.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openBenchProfile, type BenchProfile } from './lib/bench-profile';
import { HistoryLoader } from './lib/bench-ingest';
import { round2, timingsOf, type Timings } from './lib/measure';
import { seededRandom, syntheticHistory, syntheticQueries } from './lib/synthetic-history';
import { addWriteCounts, type WriteCounts } from './lib/write-counters';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string', default: 'bench-results/encryption-ab' },
  },
});
const messages = Number(values.messages);
const queryCount = Number(values.queries);
const seed = Number(values.seed);
const STEP = 1000;
const log = (line: string) => console.error(`[ab ${new Date().toISOString().slice(11, 19)}] ${line}`);

type Side = 'off' | 'on';
const SIDES: readonly Side[] = ['off', 'on'];
/** Both sides, in an order that swaps with `i`, so neither always goes first. */
const inTurn = (i: number): readonly Side[] => (i % 2 === 0 ? SIDES : [...SIDES].reverse());

const profiles: Record<Side, BenchProfile> = {
  off: await openBenchProfile({ encrypted: false }),
  on: await openBenchProfile({ encrypted: true }),
};
try {
  const loaders = {
    off: new HistoryLoader(profiles.off.engine, syntheticHistory(messages, { seed })),
    on: new HistoryLoader(profiles.on.engine, syntheticHistory(messages, { seed })),
  };
  const ingestMs: Record<Side, number> = { off: 0, on: 0 };
  const ingestWork: Record<Side, WriteCounts[]> = { off: [], on: [] };
  for (let step = 0, total = STEP; total <= messages; step++, total += STEP) {
    for (const side of inTurn(step)) {
      const figures = loaders[side].loadUntil(total);
      ingestMs[side] += figures.write_ms;
      ingestWork[side].push(figures.work);
    }
    if (total % 10_000 === 0) log(`${total} messages stored in both`);
  }
  for (const side of SIDES) profiles[side].engine.internals.store.db.pragma('wal_checkpoint(TRUNCATE)');

  const random = seededRandom(seed);
  const queries = syntheticQueries(queryCount, seed + 1);
  const conversationCount = loaders.off.conversations.length;
  const assembly: Record<Side, number[]> = { off: [], on: [] };
  const history: Record<Side, number[]> = { off: [], on: [] };
  for (let i = 0; i < queryCount; i++) {
    const target = Math.floor(random() * conversationCount);
    for (const side of inTurn(i)) {
      const { engine } = profiles[side];
      const started = performance.now();
      const context = await engine.internals.chat.dryRun({
        conversationId: loaders[side].conversations[target]!.id,
        content: queries[i]!,
      });
      assembly[side].push(performance.now() - started - context.timings.embedMs);
      const searchStarted = performance.now();
      engine.internals.store.chunks.search(queries[i]!, { limit: 20 });
      history[side].push(performance.now() - searchStarted);
    }
    if ((i + 1) % 50 === 0) log(`${i + 1} of ${queryCount} queries on both`);
  }

  const figures = Object.fromEntries(
    SIDES.map((side) => [
      side,
      {
        ingest_ms: round2(ingestMs[side]),
        ingest_messages_per_s: round2((messages / ingestMs[side]) * 1000),
        ingest_work: addWriteCounts(ingestWork[side]),
        assembly_without_embedding_ms: timingsOf(assembly[side]),
        history_search_ms: timingsOf(history[side]),
      },
    ]),
  ) as Record<
    Side,
    {
      ingest_ms: number;
      ingest_messages_per_s: number;
      ingest_work: WriteCounts;
      assembly_without_embedding_ms: Timings;
      history_search_ms: Timings;
    }
  >;
  const report = {
    bench: 'encryption-ab',
    messages,
    queries: queryCount,
    seed,
    date: new Date().toISOString(),
    figures,
  };
  const slower = (on: number, off: number) => `${on >= off ? '+' : ''}${Math.round((on / off - 1) * 100)}%`;
  const { off, on } = figures;
  const md = [
    `# Encryption off vs on, interleaved in one process: ${messages} messages, ${queryCount} queries`,
    '',
    '| figure | off | on | on vs off |',
    '| --- | --- | --- | --- |',
    `| ingest, msg/s | ${off.ingest_messages_per_s.toFixed(0)} | ${on.ingest_messages_per_s.toFixed(0)} | ${slower(on.ingest_ms, off.ingest_ms)} time |`,
    `| ingest, CPU s | ${(off.ingest_work.cpu_ms / 1000).toFixed(1)} | ${(on.ingest_work.cpu_ms / 1000).toFixed(1)} | ${slower(on.ingest_work.cpu_ms, off.ingest_work.cpu_ms)} |`,
    `| ingest, WAL pages / checkpoints | ${off.ingest_work.wal_pages} / ${off.ingest_work.checkpoints} | ${on.ingest_work.wal_pages} / ${on.ingest_work.checkpoints} | |`,
    ...(['p50', 'p95'] as const).map(
      (p) =>
        `| assembly without embedding ${p}, ms | ${off.assembly_without_embedding_ms[p]} | ${on.assembly_without_embedding_ms[p]} | ${slower(on.assembly_without_embedding_ms[p], off.assembly_without_embedding_ms[p])} |`,
    ),
    ...(['p50', 'p95'] as const).map(
      (p) =>
        `| History search ${p}, ms | ${off.history_search_ms[p]} | ${on.history_search_ms[p]} | ${slower(on.history_search_ms[p], off.history_search_ms[p])} |`,
    ),
    '',
  ].join('\n');
  const outDir = resolve(values.out);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'ab.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'ab.md'), md);
  console.log(md);
} finally {
  for (const side of SIDES) await profiles[side].close();
}
