// The bench's result (bench.json) and its two readable forms: the text table printed at the
// end of a run and bench.md. Field names carry their unit (_ms, _mb, _bytes, _per_s).
import type { IndexingFigures, IngestFigures } from './bench-ingest';
import type { LongMessageFigures } from './bench-long-message';
import type { MonitoringFigures } from './bench-monitoring';
import type { RetrievalFigures } from './bench-retrieval';
import type { SummaryFigures } from './bench-summarizer';
import { markdownTable, textTable, type MachineInfo, type MemoryFigures, type Timings } from './measure';

export interface SizeFigures {
  /** Messages stored when these figures were taken. */
  messages: number;
  chunks: number;
  /** The step of ingest that led here (from the previous size), and its indexer catch-up. */
  ingest: IngestFigures;
  indexing: IndexingFigures;
  retrieval: RetrievalFigures;
  memory: MemoryFigures & { chroma_rss_mb: number | null };
  disk: { sqlite_bytes: number; chroma_bytes: number };
  /** Wall time the bench spent measuring at this size (queries, memory, disk). */
  measuring_ms: number;
}

export interface BenchReport {
  bench: 'mnemo';
  messages: number;
  seed: number;
  queries_per_size: number;
  embeddings: string;
  embedding_model: string;
  /** Whether the profile's database was encrypted (SQLCipher). */
  encrypted: boolean;
  /** Outbox entries per indexer batch given on the command line; null means the engine's default. */
  indexer_batch: number | null;
  machine: MachineInfo;
  wall_ms: number;
  /** Where the bench's own wall time went. */
  phases_ms: { setup: number; ingest: number; indexing: number; measuring: number; long_message_and_summaries: number };
  /** Totals over all steps. */
  ingest: IngestFigures;
  indexing: IndexingFigures;
  sizes: SizeFigures[];
  long_message: LongMessageFigures;
  summarisation: SummaryFigures;
  monitoring: MonitoringFigures;
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const pair = (t: Timings) => `${ms(t.p50)} / ${ms(t.p95)}`;
const triple = (t: Timings) => `${ms(t.p50)} / ${ms(t.p95)} / ${ms(t.p99)}`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const seconds = (n: number) => `${(n / 1000).toFixed(1)} s`;
const count = (n: number) => (n >= 1000 ? `${Math.round(n / 100) / 10}k`.replace('.0k', 'k') : String(n));

/** One row per figure, one column per size. */
function sizeRows(report: BenchReport): { header: string[]; rows: string[][] } {
  const header = ['figure', ...report.sizes.map((s) => `${count(s.messages)} msgs`)];
  const row = (label: string, cell: (s: SizeFigures) => string) => [label, ...report.sizes.map(cell)];
  const rows = [
    row('chunks stored', (s) => String(s.chunks)),
    row('ingest step: msgs/s (SQLite write path)', (s) => s.ingest.messages_per_s.toFixed(0)),
    row('ingest step: chunks/s (SQLite write path)', (s) => s.ingest.chunks_per_s.toFixed(0)),
    row('  its CPU time (load-independent)', (s) => seconds(s.ingest.work.cpu_ms)),
    row('  its WAL pages / checkpoints', (s) => `${s.ingest.work.wal_pages} / ${s.ingest.work.checkpoints}`),
    row('  its bytes read / written', (s) => `${mib(s.ingest.work.bytes_read)} / ${mib(s.ingest.work.bytes_written)}`),
    row('indexer catch-up (outbox → Chroma)', (s) => seconds(s.indexing.catchup_ms)),
    row('  of which embedding', (s) => seconds(s.indexing.embed_ms)),
    row('  of which Chroma upsert', (s) => seconds(s.indexing.chroma_upsert_ms)),
    row('  of which SQLite + bookkeeping', (s) => seconds(s.indexing.other_ms)),
    row(
      '  CPU meanwhile: main process / Chroma',
      (s) => `${seconds(s.indexing.main_cpu_ms)} / ${seconds(s.indexing.chroma_cpu_ms)}`,
    ),
    row('  then Chroma busy on its own (waited out before measuring)', (s) => seconds(s.indexing.chroma_settle_ms)),
    row('context dry run, with embedding, ms p50/p95/p99', (s) => triple(s.retrieval.context_with_embedding_ms)),
    row('context assembly, no embedding, ms p50/p95/p99', (s) => triple(s.retrieval.context_without_embedding_ms)),
    row('  continuing a conversation (5 messages each), ms p50/p95/p99', (s) =>
      triple(s.retrieval.context_without_embedding_continuing_ms),
    ),
    row('  in a conversation not opened first, ms p50/p95/p99', (s) =>
      triple(s.retrieval.context_without_embedding_unopened_ms),
    ),
    row('  first message of a new conversation, ms p50/p95/p99', (s) =>
      triple(s.retrieval.context_without_embedding_new_ms),
    ),
    row(
      'dry runs with vector retrieval (rest: keyword fallback)',
      (s) => `${Math.round(s.retrieval.hybrid_share * 100)}%`,
    ),
    row('page faults that read the disk during the dry runs', (s) => String(s.retrieval.major_page_faults)),
    row('query embedding call, ms p50/p95', (s) => pair(s.retrieval.embed_query_ms)),
    row('FTS5 query (bm25 top 60, row budget), ms p50/p95', (s) => pair(s.retrieval.fts5_query_ms)),
    row('Chroma query (top 60), ms p50/p95', (s) => pair(s.retrieval.chroma_query_ms)),
    row('History search (bm25 + snippets, top 20), ms p50/p95', (s) => pair(s.retrieval.history_search_ms)),
    row(
      'main process RSS / heap used',
      (s) => `${s.memory.rss_mb.toFixed(0)} / ${s.memory.heap_used_mb.toFixed(0)} MB`,
    ),
    row('  of which file-backed (program files, SQLite pages read through its map)', (s) =>
      s.memory.rss_file_mb === null ? 'n/a' : `${s.memory.rss_file_mb.toFixed(0)} MB`,
    ),
    row('Chroma sidecar RSS', (s) =>
      s.memory.chroma_rss_mb === null ? 'n/a' : `${s.memory.chroma_rss_mb.toFixed(0)} MB`,
    ),
    row('SQLite on disk', (s) => mib(s.disk.sqlite_bytes)),
    row('Chroma on disk', (s) => mib(s.disk.chroma_bytes)),
  ];
  return { header, rows };
}

function totalRows(report: BenchReport): { header: string[]; rows: string[][] } {
  const { ingest, indexing, long_message: long, summarisation: sum, monitoring: mon } = report;
  return {
    header: ['figure', 'value'],
    rows: [
      [
        'ingest, all steps (SQLite write path)',
        `${ingest.messages} msgs, ${ingest.chunks} chunks in ${seconds(ingest.write_ms)}: ${ingest.messages_per_s.toFixed(0)} msgs/s, ${ingest.chunks_per_s.toFixed(0)} chunks/s`,
      ],
      [
        '  its work: CPU, WAL pages, checkpoints',
        `${seconds(ingest.work.cpu_ms)} CPU, ${ingest.work.wal_pages} WAL pages, ${ingest.work.checkpoints} checkpoints`,
      ],
      [
        'indexer catch-up, all steps',
        `${indexing.chunks} chunks in ${seconds(indexing.catchup_ms)}: ${indexing.chunks_per_s.toFixed(0)} chunks/s`,
      ],
      ['  embedding', `${seconds(indexing.embed_ms)} in ${indexing.embed_calls} calls`],
      ['  Chroma upsert', `${seconds(indexing.chroma_upsert_ms)} in ${indexing.chroma_upsert_calls} calls`],
      ['  SQLite + bookkeeping', seconds(indexing.other_ms)],
      [
        '  CPU meanwhile: main process / Chroma sidecar',
        `${seconds(indexing.main_cpu_ms)} / ${seconds(indexing.chroma_cpu_ms)}`,
      ],
      [`store a ${long.tokens}-token message (${long.chunks} chunks)`, `${ms(long.store_ms)} ms`],
      [`reassemble it, ms p50/p95`, pair(long.reassemble_ms)],
      [
        `overflow summary, instant model, ms p50/p95 (${sum.overflows} runs, ${sum.folds} folds)`,
        pair(sum.per_overflow_ms),
      ],
      ['  our overhead per fold (model call excluded), ms p50/p95', pair(sum.overhead_per_fold_ms)],
      ['  model call to the instant test server, ms p50/p95', pair(sum.model_call_ms)],
      [
        `Monitoring view over ${count(mon.turns)} turn rows: everything / one conversation / last 7 days, ms p50/p95`,
        [mon.overview_all_ms, mon.overview_conversation_ms, mon.overview_week_ms].map(pair).join(' · '),
      ],
      [
        '  export every turn as CSV; prune one slice of 2,000 rows',
        `${ms(mon.export_csv_ms)} ms (${mib(mon.export_csv_bytes)}); ${ms(mon.prune_slice_ms)} ms`,
      ],
      ['wall time of the whole bench', seconds(report.wall_ms)],
      [
        '  setup / ingest / indexing / measuring / long message + summaries',
        Object.values(report.phases_ms).map(seconds).join(' / '),
      ],
    ],
  };
}

function heading(report: BenchReport): string[] {
  const m = report.machine;
  return [
    `Mnemo bench: ${report.messages} synthetic messages (seed ${report.seed}), ${report.queries_per_size} queries per pass, new ones for every pass and size`,
    `embeddings: ${report.embeddings}; database encryption: ${report.encrypted ? 'on' : 'off'}; indexer batch: ${report.indexer_batch ?? 'engine default'}; context window ${report.sizes.at(-1)?.retrieval.context_length ?? '?'} tokens`,
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}, Node ${m.node}, load ${m.load_avg_1m} at start, ${m.date}`,
    ...(m.speed_ms
      ? [
          `machine speed: a fixed piece of CPU work took ${m.speed_ms.start} ms at the start and ${m.speed_ms.end} ms at the end (compare runs by it: it drifts on shared machines)`,
        ]
      : []),
  ];
}

export function formatText(report: BenchReport): string {
  const sizes = sizeRows(report);
  const totals = totalRows(report);
  return [...heading(report), '', textTable(sizes.header, sizes.rows), '', textTable(totals.header, totals.rows)].join(
    '\n',
  );
}

const NOTES = [
  'One profile grows through the sizes. An "ingest step" is the messages added since the previous size, stored with `messages.appendTurn` (the write path chat uses) in transactions of 1,000 turns; no embedding happens during it.',
  'Indexer catch-up is `indexer.flush()` draining the outbox that step left: embedding (Ollama or the test server), Chroma upserts, and the rest (SQLite reads and writes, bookkeeping).',
  'Context figures are `chat.dryRun` on a random stored conversation, opened first as the chat view opens one (`conversations.messages`, which readies its vectors in the background; not timed). "No embedding" is each dry run less its embedding call, as the assembler times it (`timings.embedMs`). "Continuing" sends five in a row to each conversation, as a user chatting does; "not opened first" lets go of every held vector before each dry run, so the turn reads its conversation\'s vectors from SQLite itself (the worst case); "a new conversation" is the first message of one, which retrieves over all the others and has no history of its own. Every pass asks questions no earlier pass or size asked: a question asked again finds its rows and word counts held, and is cheaper than a new one.',
  'FTS5 and Chroma rows time one retriever call each, the cross-conversation ones the HybridRetriever makes (top 60: bm25 over the words within its row budget; Chroma unfiltered). History search is what the History view asks: all words, with snippets.',
  'Memory is taken after a full garbage collection. The test Ollama server runs in this process, so its work shows in main-process CPU and memory.',
  'Overflow summaries run the real Summarizer with the limits a chat turn uses, against the test server answering at once; the overhead is the time between its model calls.',
];

/** Markdown drops leading spaces, so the indented "of which" rows get an arrow instead. */
const markdownRows = (rows: string[][]) => rows.map(([label, ...cells]) => [label!.replace(/^ {2}/, '↳ '), ...cells]);

export function formatMarkdown(report: BenchReport): string {
  const sizes = sizeRows(report);
  const totals = totalRows(report);
  return [
    '# Mnemo bench',
    '',
    ...heading(report).map((line) => `${line}  `),
    '',
    '## By size',
    '',
    markdownTable(sizes.header, markdownRows(sizes.rows)),
    '',
    '## Totals and one-off figures',
    '',
    markdownTable(totals.header, markdownRows(totals.rows)),
    '',
    '## Reading it',
    '',
    ...NOTES.map((note) => `- ${note}`),
    '',
  ].join('\n');
}
