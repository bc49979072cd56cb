// What the test server answers when no script is queued (demo mode, tests): deterministic text
// that depends on the request, so replies read like a plausible assistant's. The engine's own
// requests are recognised by their shape, not by a word anywhere in the prompt: the
// summariser's ("Current summary: … New turns: … Write the updated summary.") gets an extractive
// summary, the title request a few key words; everything else an assistant reply that greets,
// acknowledges what the user says about themselves, or answers a question from what the prompt
// holds (memories, excerpts, earlier turns).

export interface ChatMessageBody {
  role: string;
  content?: string;
  tool_calls?: unknown[];
}

/** The summariser's user message (src/main/engine/summaries/summarizer.ts). */
const SUMMARY_REQUEST = /^Current summary:\n([\s\S]*?)\n\nNew turns:\n([\s\S]*)\n\nWrite the updated summary\.\s*$/;
/** The chat service's title request (src/main/engine/chat/chat-service.ts). */
const TITLE_REQUEST = /^Give this conversation a short title\b/;
const TURN_LINE = /^(User|Assistant): /;
const MAX_SUMMARY_SENTENCES = 12;
const MAX_SUMMARY_CHARS = 800;
const MAX_TITLE_WORDS = 4;
const STOP_WORDS = new Set(
  (
    'a about also am an and any are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'just me my no not of on or our please so some tell that the their them then there these they this to was we were what when ' +
    'where which who why will with would you your yours know remember recall again like live lives living want need ' +
    'should shall might must help make give get got summarize summarise explain write think called name named much many very really thing things'
  ).split(' '),
);
const GREETING = /^\s*(hi|hello|hey|hiya|good (morning|afternoon|evening)|greetings)\b[\s!.,]*(there|mnemo)?[\s!.,]*$/i;
const QUESTION = /\?\s*$|^\s*(what|where|who|when|which|why|how|do|does|did|is|are|can|could|should|would|will)\b/i;
const ABOUT_ME = /^\s*(i|i'm|i am|my|we|we're|our)\b/i;

export function defaultReply(messages: readonly ChatMessageBody[]): string {
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const last = messages.at(-1);
  const summary = last?.role === 'user' ? SUMMARY_REQUEST.exec(last.content ?? '') : null;
  if (summary) return extractiveSummary(summary[1]!, summary[2]!);
  if (TITLE_REQUEST.test(system)) return titleFor(last?.content ?? '');
  return assistantReply(messages, system);
}

/** The previous summary's sentences, then the first sentence of each new turn, within a length. */
function extractiveSummary(previous: string, turns: string): string {
  const sentences = previous.trim() === '(none yet)' ? [] : sentencesOf(previous);
  for (const turn of turns.split('\n\n')) {
    const sentence = firstSentence(turn.replace(TURN_LINE, ''));
    if (sentence && !sentences.includes(sentence)) sentences.push(sentence);
  }
  const kept: string[] = [];
  let length = 0;
  for (const sentence of sentences.slice(-MAX_SUMMARY_SENTENCES)) {
    if (length + sentence.length > MAX_SUMMARY_CHARS && kept.length > 0) break;
    kept.push(sentence);
    length += sentence.length + 1;
  }
  return kept.length > 0 ? kept.join(' ') : 'Nothing to summarise yet.';
}

function titleFor(text: string): string {
  const words = keyWords(text).slice(0, MAX_TITLE_WORDS);
  if (words.length === 0) return 'New conversation';
  const title = words.join(' ');
  return title.charAt(0).toUpperCase() + title.slice(1);
}

function assistantReply(messages: readonly ChatMessageBody[], system: string): string {
  const lastUser =
    [...messages]
      .reverse()
      .find((m) => m.role === 'user')
      ?.content?.trim() ?? '';
  if (lastUser === '') return 'I am here. What would you like to talk about?';
  if (GREETING.test(lastUser)) return 'Hello! How can I help you today?';
  const topic = keyWords(lastUser).slice(0, 3);
  if (QUESTION.test(lastUser)) {
    const known = bestKnownLine(lastUser, system, messages);
    if (known) return `From what you have told me: ${known} Is there anything else you would like to know about it?`;
    if (topic.length === 0) return 'Could you say a little more about what you mean? I want to get it right.';
    return `Good question. I do not have anything about ${listOf(topic)} from you yet, so I cannot say for sure. If you tell me a bit more, I will keep it in mind.`;
  }
  if (ABOUT_ME.test(lastUser))
    return `Thanks for telling me. I will keep that in mind${topic.length > 0 ? ` about ${listOf(topic)}` : ''}. Is there anything you would like to do with it?`;
  if (topic.length === 0) return 'Understood. What would you like to do next?';
  return `Sure. Here is a first thought on ${listOf(topic)}: start with what matters most to you, then take it one step at a time. Tell me more and I can be more specific.`;
}

/**
 * The line of the prompt (a memory, an excerpt, an earlier user turn) sharing the most content
 * words with the question: how a model answers from its context.
 */
function bestKnownLine(question: string, system: string, messages: readonly ChatMessageBody[]): string | null {
  const wanted = new Set(keyWords(question).map(stem));
  if (wanted.size === 0) return null;
  // What the engine added under its headings; the system prompt's own words are not knowledge.
  const heading = system.indexOf('\n## ');
  const context = heading >= 0 ? system.slice(heading) : '';
  const earlier = messages
    .slice(0, -1)
    .filter((m) => m.role === 'user')
    .map((m) => m.content ?? '');
  const lines = [...context.split('\n'), ...earlier.flatMap((m) => m.split('\n'))]
    .map((line) => line.replace(/^\s*(-|user:|assistant:|summary:)\s*/i, '').trim())
    .filter((line) => line.length > 0 && !line.startsWith('#') && !line.startsWith('['))
    .flatMap(sentencesOf)
    .filter((sentence) => !QUESTION.test(sentence));
  let best: { line: string; shared: number } | null = null;
  for (const line of lines) {
    const shared = new Set(
      keyWords(line)
        .map(stem)
        .filter((w) => wanted.has(w)),
    ).size;
    if (shared > 0 && (!best || shared > best.shared)) best = { line, shared };
  }
  return best ? best.line : null;
}

/** Content words in the writer's own casing (compared lower-cased), first occurrence each. */
function keyWords(text: string): string[] {
  const words: string[] = [];
  const seen = new Set<string>();
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    const lower = word.toLowerCase();
    if (word.length > 2 && !STOP_WORDS.has(lower) && !seen.has(lower)) {
      seen.add(lower);
      words.push(word);
    }
  }
  return words;
}

/** Crude plural/possessive folding, enough for "dogs" to meet "dog". */
function stem(word: string): string {
  const lower = word.toLowerCase();
  return lower.length > 4 && lower.endsWith('s') ? lower.slice(0, -1) : lower;
}

function listOf(words: readonly string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function sentencesOf(text: string): string[] {
  return (
    text
      .trim()
      .replace(/\s+/g, ' ')
      .match(/[^.!?]+[.!?]+(?=\s|$)|[^.!?]+$/g)
      ?.map((s) => s.trim())
      .filter(Boolean) ?? []
  );
}

function firstSentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const match = /^.*?[.!?](?=\s|$)/.exec(trimmed);
  const sentence = match ? match[0] : trimmed;
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}
