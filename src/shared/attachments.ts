// Text files attached to a message. They travel in the contract as { name, text } and are kept
// inside the message's own text, each as a fenced block after what the user wrote, so they are
// chunked, indexed, searched, exported and sent to the model exactly like the rest of the
// message, with no schema of their own. This module is the one definition of that format:
// the engine writes it, the thread reads it back to show a collapsible block with the name.

export interface Attachment {
  name: string;
  text: string;
}

/** What the user may attach: plain text the model can read as it is. */
export const ATTACHMENT_EXTENSIONS = ['.txt', '.md', '.json', '.csv'] as const;

/**
 * 500 KB a file. A message may hold 1,000,000 characters (MAX_MESSAGE_CHARS), and a file of
 * N bytes of UTF-8 is at most N characters, so two files at the limit and the user's own words
 * still fit in one message; a larger file would be refused by the message limit anyway.
 */
export const MAX_ATTACHMENT_BYTES = 500_000;
/** A message may carry this many files: enough for a handful of notes, few enough to read. */
export const MAX_ATTACHMENTS = 10;

export function hasAttachableExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return ATTACHMENT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

const OPENER = /^(`{3,}) attachment ("(?:[^"\\\n]|\\.)*")$/;

/** A fence longer than any run of backticks in the text, so the text can never close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A name fit for the opener line: one line, no control characters. */
export function cleanAttachmentName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  return name.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
}

function block({ name, text }: Attachment): string {
  const fence = fenceFor(text);
  return `${fence} attachment ${JSON.stringify(cleanAttachmentName(name))}\n${text}\n${fence}`;
}

/** The message text that holds what the user wrote and the attached files after it. */
export function composeMessage(text: string, attachments: readonly Attachment[]): string {
  if (attachments.length === 0) return text;
  const blocks = attachments.map(block).join('\n\n');
  return text.trim().length > 0 ? `${text}\n\n${blocks}` : blocks;
}

export interface ParsedMessage {
  text: string;
  attachments: Attachment[];
}

/** The blocks from `start` to the end of `content`, or null if anything else is there. */
function blocksFrom(content: string, start: number): Attachment[] | null {
  const found: Attachment[] = [];
  let at = start;
  while (at < content.length) {
    const lineEnd = content.indexOf('\n', at);
    if (lineEnd < 0) return null;
    const opener = OPENER.exec(content.slice(at, lineEnd));
    if (!opener) return null;
    const fence = opener[1]!;
    const close = content.indexOf(`\n${fence}`, lineEnd);
    if (close < 0) return null;
    const after = close + 1 + fence.length;
    if (after !== content.length && !content.startsWith('\n\n', after)) return null;
    found.push({ name: JSON.parse(opener[2]!) as string, text: content.slice(lineEnd + 1, close) });
    at = after === content.length ? after : after + 2;
  }
  return found;
}

/** What the user wrote and the files attached, read back from a message's text. */
export function parseMessage(content: string): ParsedMessage {
  for (const match of content.matchAll(/(?:^|\n\n)(`{3,}) attachment "/g)) {
    const start = match.index + (match[0].startsWith('\n') ? 2 : 0);
    const attachments = blocksFrom(content, start);
    if (attachments && attachments.length > 0) {
      return { text: content.slice(0, Math.max(0, start - 2)), attachments };
    }
  }
  return { text: content, attachments: [] };
}

/** "12 KB", "1.2 MB": a size as people read it. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).length;
}
