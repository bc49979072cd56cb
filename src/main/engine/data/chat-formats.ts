// Chats exported by other apps, as zod reads them: a ChatGPT data export's conversations.json
// (each conversation a `mapping` tree of nodes, `current_node` the leaf the user last saw) and
// an Open WebUI chat export (each chat a `history` tree, `currentId` its leaf). Both files are a
// JSON array of conversations; which one a file is shows in the fields of its entries, never in
// its name. Each entry becomes one plain conversation: the ACTIVE path from the root to that
// leaf, text only (images, files, code-runner output and the like are counted, not kept).
import { z } from 'zod';
import { MAX_MESSAGE_CHARS } from '../chat/message-input';

export type ChatFormat = 'chatgpt' | 'open-webui';

export interface ImportedTurn {
  role: 'user' | 'assistant';
  content: string;
  /** ms since the epoch, or null when the file has none. */
  at: number | null;
}

export interface ImportedChat {
  format: ChatFormat;
  /** The conversation's id in the app it came from (what makes importing twice add nothing). */
  sourceId: string;
  title: string;
  createdAt: number | null;
  updatedAt: number | null;
  turns: ImportedTurn[];
  /** Parts that were not text (images, files, tool output), left out. */
  nonTextParts: number;
}

const seconds = z.number().finite().nonnegative().nullish();

const chatGptNode = z.object({
  id: z.string().optional(),
  parent: z.string().nullish(),
  children: z.array(z.string()).optional(),
  message: z
    .object({
      author: z.object({ role: z.string() }),
      content: z.object({ content_type: z.string(), parts: z.array(z.unknown()).optional() }),
      create_time: seconds,
    })
    .nullish(),
});

const chatGptConversation = z.object({
  id: z.string().min(1).optional(),
  conversation_id: z.string().min(1).optional(),
  title: z.string().nullish(),
  create_time: seconds,
  update_time: seconds,
  mapping: z.record(z.string(), chatGptNode),
  current_node: z.string().nullish(),
});

const openWebUiContent = z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))]);

const openWebUiMessage = z.object({
  id: z.string().optional(),
  parentId: z.string().nullish(),
  childrenIds: z.array(z.string()).optional(),
  role: z.string(),
  content: openWebUiContent.nullish(),
  timestamp: seconds,
});

const openWebUiChat = z.object({
  id: z.string().min(1),
  title: z.string().nullish(),
  created_at: seconds,
  updated_at: seconds,
  chat: z.object({
    title: z.string().nullish(),
    messages: z.array(openWebUiMessage).optional(),
    history: z.object({ messages: z.record(z.string(), openWebUiMessage), currentId: z.string().nullish() }).optional(),
  }),
});

/** Which format an entry of the array is, from its fields; null for neither. */
export function chatFormatOf(entry: unknown): ChatFormat | null {
  if (typeof entry !== 'object' || entry === null) return null;
  if ('mapping' in entry) return 'chatgpt';
  if ('chat' in entry) return 'open-webui';
  return null;
}

export type ChatReading = { ok: true; chat: ImportedChat } | { ok: false; issue: z.core.$ZodIssue | undefined };

export function readChat(format: ChatFormat, entry: unknown): ChatReading {
  if (format === 'chatgpt') {
    const parsed = chatGptConversation.safeParse(entry);
    return parsed.success ? { ok: true, chat: fromChatGpt(parsed.data) } : { ok: false, issue: parsed.error.issues[0] };
  }
  const parsed = openWebUiChat.safeParse(entry);
  return parsed.success ? { ok: true, chat: fromOpenWebUi(parsed.data) } : { ok: false, issue: parsed.error.issues[0] };
}

/**
 * Times in these files are seconds (ChatGPT, Open WebUI), but some Open WebUI versions wrote
 * milliseconds or nanoseconds: the size of the number tells which.
 */
export function toMs(value: number | null | undefined): number | null {
  if (value === null || value === undefined || value <= 0) return null;
  if (value > 1e17) return Math.round(value / 1e6);
  if (value > 1e11) return Math.round(value);
  return Math.round(value * 1000);
}

/** Ids from `leaf` up to the root, root first; a loop in a damaged file ends the walk. */
function pathTo(leaf: string | null | undefined, parentOf: (id: string) => string | null | undefined): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  for (let id = leaf ?? null; id && !seen.has(id); id = parentOf(id) ?? null) {
    seen.add(id);
    path.push(id);
  }
  return path.reverse();
}

/** Without a current leaf: from a root, always the newest child (the last one), as the app shows it. */
function lastLeaf(ids: string[], parentOf: (id: string) => string | null | undefined, childrenOf: (id: string) => string[] | undefined): string | null {
  const ownIds = new Set(ids);
  let at: string | undefined = ids.find((id) => !ownIds.has(parentOf(id) ?? ''));
  const seen = new Set<string>();
  while (at && !seen.has(at)) {
    seen.add(at);
    const next: string | undefined = (childrenOf(at) ?? []).filter((c) => ownIds.has(c)).at(-1);
    if (!next) return at;
    at = next;
  }
  return at ?? null;
}

type Text = { text: string; nonTextParts: number };

function turn(role: string, { text }: Text, at: number | null): ImportedTurn | null {
  // System prompts and tool calls are not turns of the conversation.
  if (role !== 'user' && role !== 'assistant') return null;
  const content = text.trim().slice(0, MAX_MESSAGE_CHARS);
  return content ? { role, content, at } : null;
}

function chatGptText(content: { content_type: string; parts?: unknown[] | undefined }): Text {
  if (content.content_type !== 'text' && content.content_type !== 'multimodal_text') return { text: '', nonTextParts: 1 };
  const parts = content.parts ?? [];
  const texts = parts.filter((p): p is string => typeof p === 'string');
  return { text: texts.join('\n'), nonTextParts: parts.length - texts.length };
}

function fromChatGpt(c: z.infer<typeof chatGptConversation>): ImportedChat {
  const ids = Object.keys(c.mapping);
  const parentOf = (id: string) => c.mapping[id]?.parent;
  const leaf = c.current_node && c.mapping[c.current_node] ? c.current_node : lastLeaf(ids, parentOf, (id) => c.mapping[id]?.children);
  let nonTextParts = 0;
  const turns: ImportedTurn[] = [];
  for (const id of pathTo(leaf, parentOf)) {
    const message = c.mapping[id]?.message;
    if (!message) continue;
    const text = chatGptText(message.content);
    nonTextParts += text.nonTextParts;
    const t = turn(message.author.role, text, toMs(message.create_time));
    if (t) turns.push(t);
  }
  const sourceId = c.id ?? c.conversation_id ?? `${c.title ?? ''}@${c.create_time ?? ''}@${ids.sort().join(',')}`;
  return { format: 'chatgpt', sourceId, title: c.title ?? '', createdAt: toMs(c.create_time), updatedAt: toMs(c.update_time), turns, nonTextParts };
}

function openWebUiText(content: z.infer<typeof openWebUiContent> | null | undefined): Text {
  if (content === null || content === undefined) return { text: '', nonTextParts: 0 };
  if (typeof content === 'string') return { text: content, nonTextParts: 0 };
  const texts = content.filter((p) => p.type === 'text' && typeof p.text === 'string').map((p) => p.text ?? '');
  return { text: texts.join('\n'), nonTextParts: content.length - texts.length };
}

function fromOpenWebUi(c: z.infer<typeof openWebUiChat>): ImportedChat {
  const history = c.chat.history;
  const path =
    history && Object.keys(history.messages).length > 0
      ? pathTo(
          history.currentId && history.messages[history.currentId] ? history.currentId : lastLeaf(Object.keys(history.messages), (id) => history.messages[id]?.parentId, (id) => history.messages[id]?.childrenIds),
          (id) => history.messages[id]?.parentId,
        ).flatMap((id) => history.messages[id] ?? [])
      : (c.chat.messages ?? []);
  let nonTextParts = 0;
  const turns: ImportedTurn[] = [];
  for (const message of path) {
    const text = openWebUiText(message.content);
    nonTextParts += text.nonTextParts;
    const t = turn(message.role, text, toMs(message.timestamp));
    if (t) turns.push(t);
  }
  return { format: 'open-webui', sourceId: c.id, title: c.title ?? c.chat.title ?? '', createdAt: toMs(c.created_at), updatedAt: toMs(c.updated_at), turns, nonTextParts };
}
