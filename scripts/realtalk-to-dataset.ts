// Converts REALTALK's downloaded chats (scripts/lib/realtalk.ts) into one recall data set for
// `npm run eval:recall`. The data stays out of the repository; keep raw and converted files
// under .cache/ (git-ignored):
//   git clone --depth 1 https://github.com/danny911kr/REALTALK .cache/realtalk/repo
//   mkdir -p .cache/realtalk/raw && cp .cache/realtalk/repo/data/Chat_*.json .cache/realtalk/raw/
//   npx tsx scripts/realtalk-to-dataset.ts .cache/realtalk/raw .cache/realtalk/realtalk.json
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { realtalkConversation, type RealtalkChat } from './lib/realtalk';

const [source, out] = process.argv.slice(2);
if (!source || !out) {
  console.error(
    'usage: npx tsx scripts/realtalk-to-dataset.ts RAW_DIR OUT.json   (RAW_DIR holds the Chat_*.json files)',
  );
  process.exit(2);
}
const conversations = readdirSync(source)
  .filter((file) => file.endsWith('.json'))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
  .map((file) =>
    realtalkConversation(JSON.parse(readFileSync(join(source, file), 'utf8')) as RealtalkChat, basename(file, '.json')),
  );
writeFileSync(out, JSON.stringify({ name: 'realtalk', conversations }, null, 1));
const questions = conversations.flatMap((c) => c.questions);
console.error(
  `${conversations.length} conversations, ${questions.length} questions, ` +
    `${questions.reduce((n, q) => n + q.evidence.length, 0)} evidence turns`,
);
