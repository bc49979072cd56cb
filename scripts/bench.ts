// npm run bench -- [--messages 100000] [--out bench-results] [--queries 300] [--seed 42]
//                  [--ollama URL] [--embedding-model NAME] [--indexer-batch N] [--keep-profile]
//                  [--encryption on|off]
// Loads a synthetic history through the real engine in a temp profile and measures ingest,
// indexing, retrieval, memory and disk at 1k, 10k and N messages. Writes bench.json and
// bench.md into --out and prints the table; progress goes to stderr.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatMarkdown, formatText } from './lib/bench-report';
import { runBench } from './lib/bench-run';

const USAGE =
  'usage: npm run bench -- [--messages 100000] [--out bench-results] [--queries 300] [--seed 42] [--ollama URL] [--embedding-model NAME] [--indexer-batch N] [--keep-profile] [--encryption on|off]';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    out: { type: 'string', default: 'bench-results' },
    queries: { type: 'string', default: '300' },
    seed: { type: 'string', default: '42' },
    ollama: { type: 'string' },
    'embedding-model': { type: 'string' },
    'indexer-batch': { type: 'string' },
    'keep-profile': { type: 'boolean', default: false },
    encryption: { type: 'string', default: 'on' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function wholeNumber(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be a whole number of at least ${min}, not ${raw}\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

const messages = wholeNumber('messages', values.messages, 10)!;
const queries = wholeNumber('queries', values.queries, 1)!;
const seed = wholeNumber('seed', values.seed, 0)!;
const indexerBatch = wholeNumber('indexer-batch', values['indexer-batch'], 1);
const outDir = resolve(values.out);
if (values.encryption !== 'on' && values.encryption !== 'off') {
  console.error(`--encryption is on or off, not ${values.encryption}\n${USAGE}`);
  process.exit(2);
}

const report = await runBench({
  messages,
  queries,
  seed,
  ...(values.ollama ? { ollamaHost: values.ollama } : {}),
  ...(values['embedding-model'] ? { embeddingModel: values['embedding-model'] } : {}),
  ...(indexerBatch ? { indexerBatch } : {}),
  keepProfile: values['keep-profile'],
  encrypted: values.encryption === 'on',
  log: (line) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`),
});
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(outDir, 'bench.md'), formatMarkdown(report));
console.log(formatText(report));
console.log(`\nwrote ${join(outDir, 'bench.json')} and ${join(outDir, 'bench.md')}`);
