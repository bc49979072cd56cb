// npm run eval:recall -- --dataset FILE [--budget 2000] [--layout sessions|one-conversation|long-among-many] [--background-messages N] [--out FILE.json] [--ollama URL] [--embedding-model NAME]
// Prints a table per strategy and, as its last line, `mnemo evidence_recall=<value>`.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LAYOUTS, evaluateRecall, formatReport, type Layout } from './lib/recall-eval';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string' },
    budget: { type: 'string', default: '2000' },
    layout: { type: 'string', default: 'sessions' },
    'background-messages': { type: 'string', default: '0' },
    out: { type: 'string' },
    ollama: { type: 'string' },
    'embedding-model': { type: 'string' },
  },
});
if (!values.dataset) {
  console.error('usage: npm run eval:recall -- --dataset FILE [--budget 2000] [--layout sessions|one-conversation|long-among-many] [--background-messages N] [--out FILE.json] [--ollama URL] [--embedding-model NAME]');
  process.exit(2);
}
const budget = Number(values.budget);
if (!Number.isInteger(budget) || budget < 256) {
  console.error(`--budget must be a whole number of tokens (at least 256), not ${values.budget}`);
  process.exit(2);
}

const layout = values.layout as Layout;
if (!LAYOUTS.includes(layout)) {
  console.error(`--layout must be one of ${LAYOUTS.join(', ')}, not ${values.layout}`);
  process.exit(2);
}

const backgroundMessages = Number(values['background-messages']);
if (!Number.isInteger(backgroundMessages) || backgroundMessages < 0 || backgroundMessages > 1_000_000) {
  console.error(`--background-messages must be a whole number from 0 to 1,000,000, not ${values['background-messages']}`);
  process.exit(2);
}

const report = await evaluateRecall({
  datasetPath: values.dataset,
  budget,
  layout,
  backgroundMessages,
  ...(values.ollama ? { ollamaHost: values.ollama } : {}),
  ...(values['embedding-model'] ? { embeddingModel: values['embedding-model'] } : {}),
  log: (line) => console.error(line),
});
if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
console.log(formatReport(report));
