// Turn records (and exports) written before reasons had codes kept them as English sentences.
// Read back, each is recognised as the code it was worded from, so an old reply's "Why this
// reply?" is said in the UI's language too; an unrecognised sentence is kept as it was.
import type { ContextReason } from '../../../shared/context-reasons';

const FIXED: Record<string, ContextReason> = {
  'Your system prompt, sent with every message.': { code: 'system' },
  'Your message.': { code: 'user' },
  'A memory you pinned, sent with every message.': { code: 'corePinned' },
  'One of the latest turns of this chat.': { code: 'recent', stopped: false },
  'One of the latest turns of this chat (its reply was stopped).': { code: 'recent', stopped: true },
  'Not closely related to your message; included because there was room.': {
    code: 'memory',
    relevant: false,
    close: false,
    words: false,
  },
  'The reply to a message found above, for context.': { code: 'neighbour', of: 'replyToFound' },
  'The question a reply found above answered, for context.': { code: 'neighbour', of: 'questionOfFound' },
  'The reply a message found above followed up on, for context.': { code: 'neighbour', of: 'turnBeforeFound' },
  'The next message after a reply found above, for context.': { code: 'neighbour', of: 'turnAfterFound' },
};

const SUPERSEDED_SUFFIX = ' It states an older value that a memory has since replaced.';
const TRIGGERS = {
  'written when the chat grew too long for the model': 'overflow',
  'written while the chat was quiet': 'idle',
  'written when the chat was closed': 'end',
} as const;

/** How an old sentence said a hit matched. */
function matchOf(words: string): { close: boolean; words: boolean } | null {
  if (words === 'close in meaning to your message and shares words with it') return { close: true, words: true };
  if (words === 'close in meaning to your message') return { close: true, words: false };
  if (words === 'shares words with your message') return { close: false, words: true };
  if (words === 'found by the search, though not closely related to your message')
    return { close: false, words: false };
  return null;
}

export function legacyReason(text: string): ContextReason {
  const superseded = text.endsWith(SUPERSEDED_SUFFIX);
  const base = superseded ? text.slice(0, -SUPERSEDED_SUFFIX.length) : text;
  const reason = recognise(base);
  if (!reason) return { code: 'recorded', text: text.slice(0, 500) };
  const canBeStale = reason.code === 'excerpt' || reason.code === 'neighbour' || reason.code === 'partOfMessage';
  return superseded && canBeStale ? { ...reason, superseded: true } : reason;
}

function recognise(text: string): ContextReason | null {
  const fixed = FIXED[text];
  if (fixed) return fixed;
  const tools = /^Describes the (\d+) tools? the model may use, sent with every message\.$/.exec(text);
  if (tools) return { code: 'tools', count: Number(tools[1]) };
  const summary = /^A summary of earlier turns of this chat \(turns (-?\d+) to (-?\d+)\), (.+)\.$/.exec(text);
  const trigger = summary ? TRIGGERS[summary[3] as keyof typeof TRIGGERS] : undefined;
  if (summary && trigger)
    return { code: 'summary', firstSeq: Number(summary[1]), lastSeq: Number(summary[2]), trigger };
  const part = /^Part (\d+) of a long message found above, for context\.$/.exec(text);
  if (part && Number(part[1]) >= 1) return { code: 'partOfMessage', part: Number(part[1]) };
  const memory = /^Relevant to your message: (.+)\.$/.exec(text);
  const memoryMatch = memory ? matchOf(memory[1]!) : null;
  if (memoryMatch) return { code: 'memory', relevant: true, ...memoryMatch };
  const excerpt =
    /^(Earlier in this chat|From another chat): (.+?)\.(?: Said (\d+) times; the newest is shown\.)?$/.exec(text);
  const excerptMatch = excerpt ? matchOf(excerpt[2]!) : null;
  if (excerpt && excerptMatch)
    return {
      code: 'excerpt',
      here: excerpt[1] === 'Earlier in this chat',
      ...excerptMatch,
      copies: excerpt[3] ? Number(excerpt[3]) : 1,
    };
  return null;
}
