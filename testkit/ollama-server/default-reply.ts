// What the test server answers when no script is queued: deterministic text that still
// depends on the request, so summaries and replies in tests look like the real thing.
// A request that asks to summarise gets an extractive summary; anything else gets a short
// reply that echoes the key words of the last user message.

export interface ChatMessageBody {
  role: string;
  content?: string;
  tool_calls?: unknown[];
}

const SUMMARY_REQUEST = /\bsummar(?:y|ies|i[sz]e|i[sz]ing)\b/i;
const MAX_SUMMARY_SENTENCES = 12;
const MAX_SUMMARY_CHARS = 800;
const MAX_ECHO_WORDS = 6;
const ECHO_STOP_WORDS = new Set(
  'a an and are as at be but by can could did do does for from had has have how i if in into is it its me my no not of on or our so that the their them then there these they this to was we were what when where which who why will with would you your'.split(' '),
);
// "Summarise this: <text>" — the instruction is dropped, the text after it is kept.
const INSTRUCTION_PREFIX = /^[^\n:]*\bsummar\w*\b[^\n:]*:\s*/i;
// A transcript pasted into one message ("User: ...\nAssistant: ...") is split back into turns.
const TRANSCRIPT_LINE = /^\s*(?:\[[^\]]*\]\s*)?(user|assistant)\s*:\s*(.+)$/i;

export function defaultReply(messages: readonly ChatMessageBody[]): string {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content ?? '').join('\n');
  const last = messages.at(-1)?.content ?? '';
  if (SUMMARY_REQUEST.test(system) || SUMMARY_REQUEST.test(last)) return extractiveSummary(messages);
  return echoReply(messages);
}

function extractiveSummary(messages: readonly ChatMessageBody[]): string {
  const sentences: string[] = [];
  for (const turn of conversationTurns(messages)) {
    const sentence = firstSentence(turn.replace(INSTRUCTION_PREFIX, ''));
    if (sentence && !SUMMARY_REQUEST.test(sentence)) sentences.push(sentence);
  }
  const kept: string[] = [];
  let length = 0;
  for (const sentence of sentences.slice(0, MAX_SUMMARY_SENTENCES)) {
    if (length + sentence.length > MAX_SUMMARY_CHARS && kept.length > 0) break;
    kept.push(sentence);
    length += sentence.length + 1;
  }
  return kept.length > 0 ? `Summary: ${kept.join(' ')}` : 'Summary: nothing to summarise yet.';
}

/** User and assistant turns, including turns of a transcript pasted into a message. */
function conversationTurns(messages: readonly ChatMessageBody[]): string[] {
  const turns: string[] = [];
  for (const message of messages) {
    const content = message.content ?? '';
    const transcript = content.split('\n').map((line) => TRANSCRIPT_LINE.exec(line)?.[2]).filter((t): t is string => !!t);
    if (transcript.length > 0) turns.push(...transcript);
    else if (message.role === 'user' || message.role === 'assistant') turns.push(content);
  }
  return turns;
}

function firstSentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  const match = /^.*?[.!?](?=\s|$)/.exec(trimmed);
  const sentence = match ? match[0] : trimmed;
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}

function echoReply(messages: readonly ChatMessageBody[]): string {
  const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const words: string[] = [];
  for (const match of lastUser.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    if (word.length > 2 && !ECHO_STOP_WORDS.has(word) && !words.includes(word)) words.push(word);
    if (words.length === MAX_ECHO_WORDS) break;
  }
  return words.length > 0 ? `I hear you about ${words.join(', ')}. Tell me more.` : 'I am listening. Tell me more.';
}
