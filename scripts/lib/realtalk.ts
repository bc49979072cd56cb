// REALTALK (danny911kr/REALTALK: ten 21-day conversations between real people on a messaging
// app, with questions and the messages that hold each answer) in the recall data set format of
// shared/datasets/FORMAT.md. A second real-dialogue set beside LoCoMo: people typing to each
// other, not a model writing both sides, so short messages in a row, typos and nicknames.
// `scripts/realtalk-to-dataset.ts` runs it over the downloaded files.
import type { RecallDataset } from './recall-eval';

/** REALTALK's question categories (as LoCoMo's 1–3); no other is in its files. */
const CATEGORIES: Record<number, string> = { 1: 'multi-hop', 2: 'temporal', 3: 'open-domain' };

interface Message {
  clean_text: string;
  speaker: string;
  dia_id: string;
  blip_caption?: string;
}

/** One downloaded `data/Chat_*.json`: `session_N`, `session_N_date_time`, `name`, `qa`. */
export interface RealtalkChat {
  name: { speaker_1: string; speaker_2: string };
  qa: { question: string; evidence?: string[]; category: number }[];
  [key: string]: unknown;
}

/** "29.12.2023, 22:42:04" → ISO, as UTC (the data names no zone; only order and gaps matter). */
function isoTime(text: string): string {
  const match = /^(\d{2})\.(\d{2})\.(\d{4}), (\d{2}:\d{2}:\d{2})$/.exec(text.trim());
  if (!match) throw new Error(`unreadable date: ${text}`);
  return `${match[3]}-${match[2]}-${match[1]}T${match[4]}Z`;
}

/**
 * The message ids one evidence entry names. They are written by hand: lists split on ";", ","
 * or spaces, ranges ("D12:3-D12:5", "D12:3-5"), trailing full stops; the few written otherwise
 * ("D 2:18", "D13:45:D20:19") are left out, as the LoCoMo converter leaves out what it cannot read.
 */
export function evidenceIds(entry: string): string[] {
  const ids: string[] = [];
  for (const part of entry.split(/[;,\s]+/)) {
    const id = part.replace(/\.+$/, '');
    const range = /^D(\d+):(\d+)-(?:D(\d+):)?(\d+)$/.exec(id);
    if (range && (range[3] === undefined || range[3] === range[1])) {
      for (let n = Number(range[2]); n <= Number(range[4]); n++) ids.push(`D${range[1]}:${n}`);
    } else if (/^D\d+:\d+$/.test(id)) ids.push(id);
  }
  return ids;
}

/**
 * One chat as one user's history: the first speaker's messages are the user's, each session a
 * conversation; evidence ids no message has are left out, and a question left with none.
 */
export function realtalkConversation(chat: RealtalkChat, name: string): RecallDataset['conversations'][number] {
  const numbers = Object.keys(chat)
    .flatMap((key) => /^session_(\d+)$/.exec(key)?.[1] ?? [])
    .map(Number)
    .sort((a, b) => a - b);
  const sessions = numbers.map((n) => ({
    id: `s${n}`,
    started_at: isoTime(chat[`session_${n}_date_time`] as string),
    turns: (chat[`session_${n}`] as Message[]).map((m) => ({
      id: m.dia_id,
      role: (m.speaker === chat.name.speaker_1 ? 'user' : 'assistant') as 'user' | 'assistant',
      text: `${m.speaker}: ${m.clean_text}${m.blip_caption ? ` [shares ${m.blip_caption}]` : ''}`,
    })),
  }));
  const known = new Set(sessions.flatMap((s) => s.turns.map((t) => t.id)));
  const questions = chat.qa.flatMap((qa, i) => {
    const category = CATEGORIES[qa.category];
    const evidence = [...new Set((qa.evidence ?? []).flatMap(evidenceIds))].filter((id) => known.has(id)).sort();
    return category && evidence.length > 0 ? [{ id: `q${i}`, text: qa.question, evidence, category }] : [];
  });
  return { id: `realtalk-${name}`, sessions, questions };
}
