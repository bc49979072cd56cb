// npm run eval:recall -- --dataset FILE [--budget 2000|1000,2000,4000] [--layout sessions|one-conversation|long-among-many|all] [--background-messages N] [--out FILE.json] [--ollama URL] [--embedding-model NAME]
// One layout and one budget: a table per strategy and, as its last line, `mnemo evidence_recall=<value>`.
// Several (`--layout all`, budgets comma-separated): each layout is stored once and asked at every
// budget, and one table gives every strategy's evidence recall per layout and budget.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  LAYOUTS,
  evaluateRecallAtBudgets,
  formatGrid,
  formatReport,
  type Layout,
  type RecallReport,
} from './lib/recall-eval';

const USAGE =
  'usage: npm run eval:recall -- --dataset FILE [--budget 2000|1000,2000,4000] [--layout sessions|one-conversation|long-among-many|all] [--background-messages N] [--out FILE.json] [--ollama URL] [--embedding-model NAME]';

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
if (!values.dataset) fail(USAGE);

const budgets = values.budget.split(',').map((b) => b.trim());
for (const b of budgets)
  if (!Number.isInteger(Number(b)) || Number(b) < 256)
    fail(`--budget must be whole numbers of tokens (at least 256), comma-separated, not ${values.budget}`);

const layouts: readonly Layout[] = values.layout === 'all' ? LAYOUTS : [values.layout as Layout];
if (!layouts.every((l) => LAYOUTS.includes(l)))
  fail(`--layout must be one of ${LAYOUTS.join(', ')} or all, not ${values.layout}`);

const backgroundMessages = Number(values['background-messages']);
if (!Number.isInteger(backgroundMessages) || backgroundMessages < 0 || backgroundMessages > 1_000_000) {
  fail(`--background-messages must be a whole number from 0 to 1,000,000, not ${values['background-messages']}`);
}

const [budget, ...moreBudgets] = budgets.map(Number);
const reports: RecallReport[] = [];
for (const layout of layouts) {
  reports.push(
    ...(await evaluateRecallAtBudgets({
      datasetPath: values.dataset!,
      budget: budget!,
      moreBudgets,
      layout,
      backgroundMessages,
      ...(values.ollama ? { ollamaHost: values.ollama } : {}),
      ...(values['embedding-model'] ? { embeddingModel: values['embedding-model'] } : {}),
      log: (line) => console.error(`${layout}: ${line}`),
    })),
  );
}
const single = reports.length === 1;
if (values.out) writeFileSync(values.out, `${JSON.stringify(single ? reports[0] : reports, null, 2)}\n`);
console.log(single ? formatReport(reports[0]!) : formatGrid(reports));

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
