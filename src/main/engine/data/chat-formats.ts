// Chats exported by other apps, as zod reads them: a ChatGPT data export's conversations.json
// (each conversation a `mapping` tree of nodes, `current_node` the leaf the user last saw) and
// an Open WebUI chat export (each chat a `history` tree, `currentId` its leaf). Both files are a
// JSON array of conversations; which one a file is shows in the fields of its entries, never in
// its name. Each entry becomes one conversation with every branch of its tree, the leaf the
// user last saw marking the active path; text only (images, files, code-runner output and the
// like are counted, not kept; system prompts and tool calls are left out and their children
// hang from the nearest message that is kept).
import { z } from 'zod';
import { foldTagName, MAX_TAGS_PER_CONVERSATION, tagName } from '../../../shared/tags';
import { MAX_MESSAGE_CHARS } from '../chat/message-input';

export type ChatFormat = 'chatgpt' | 'open-webui';

export interface ImportedTurn {
  /** Its id in the file; parents come before their children. */
  key: string;
  parentKey: string | null;
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
  /** The kept message that ends the active path. */
  leafKey: string | null;
  /** Parts that were not text (images, files, tool output), left out. */
  nonTextParts: number;
  /** Messages longer than sending allows, kept up to that length (the import's report says how many). */
  shortened: number;
  /** Its tags (Open WebUI), already valid names, each once. */
  tags: string[];
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

// Open WebUI 0.4 and later keep a chat's tags in `meta.tags` (as ids: lower case, `_` for
// spaces); earlier versions in `chat.tags`, as names or as `{ name }`.
const openWebUiTags = z
  .array(z.union([z.string(), z.object({ name: z.string() }).transform((t) => t.name)]))
  .nullish()
  .catch(null);

const openWebUiChat = z.object({
  id: z.string().min(1),
  title: z.string().nullish(),
  created_at: seconds,
  updated_at: seconds,
  meta: z.object({ tags: openWebUiTags }).nullish().catch(null),
  chat: z.object({
    tags: openWebUiTags,
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

/** A message tree as each format holds it: nodes by id, each with a parent and ordered children. */
interface Tree<N> {
  nodes: Record<string, N>;
  parentOf: (node: N) => string | null | undefined;
  childrenOf: (node: N) => string[] | undefined;
}

/**
 * Ids in an order where every parent comes before its children (depth first, children in the
 * file's order), with each id's parent and children. Linear in the nodes: a file may hold a node
 * with any number of children.
 */
function treeOrder<N>({ nodes, parentOf, childrenOf }: Tree<N>): {
  order: string[];
  parent: Map<string, string | null>;
  children: Map<string, string[]>;
} {
  const ids = Object.keys(nodes);
  const parent = new Map<string, string | null>();
  const children = new Map<string, string[]>();
  for (const id of ids) {
    const p = parentOf(nodes[id]!) ?? null;
    const known = p !== null && p !== id && nodes[p] !== undefined ? p : null;
    parent.set(id, known);
    if (known === null) continue;
    const list = children.get(known);
    if (list) list.push(id);
    else children.set(known, [id]);
  }
  for (const [id, list] of children) {
    // Where each child stands in its parent's own list; children it does not list go last.
    const listed = new Map((childrenOf(nodes[id]!) ?? []).map((child, at) => [child, at]));
    list.sort((a, b) => (listed.get(a) ?? Infinity) - (listed.get(b) ?? Infinity));
  }
  const order: string[] = [];
  const seen = new Set<string>();
  const stack = ids.filter((id) => parent.get(id) === null).reverse();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    const below = children.get(id) ?? [];
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
  }
  // Nodes in a loop (a damaged file) have no root and are left out.
  return { order, parent, children };
}

/** Without a current leaf: from the first root, always the newest child (the last one). */
function lastLeaf(order: readonly string[], children: ReadonlyMap<string, string[]>): string | null {
  let leaf = order[0];
  if (leaf === undefined) return null;
  for (let below = children.get(leaf); below && below.length > 0; below = children.get(leaf)) leaf = below.at(-1)!;
  return leaf;
}

/**
 * The kept turns of a tree: a node that is not a turn (system, tool, no text) passes its children
 * to its nearest kept ancestor, and the active leaf becomes its nearest kept ancestor-or-self.
 */
function turnsOf<N>(tree: Tree<N>, current: string | null | undefined, turnOf: (node: N) => ReadTurn) {
  const { order, parent, children } = treeOrder(tree);
  const kept = new Map<string, string | null>();
  const turns: ImportedTurn[] = [];
  let nonTextParts = 0;
  let shortened = 0;
  for (const id of order) {
    const p = parent.get(id) ?? null;
    const above = p === null ? null : (kept.get(p) ?? null);
    const read = turnOf(tree.nodes[id]!);
    nonTextParts += read.nonTextParts;
    if (read.shortened) shortened += 1;
    if (read.turn) turns.push({ key: id, parentKey: above, ...read.turn });
    kept.set(id, read.turn ? id : above);
  }
  const leaf = current && kept.has(current) ? current : lastLeaf(order, children);
  return { turns, nonTextParts, shortened, leafKey: leaf === null ? null : (kept.get(leaf) ?? null) };
}

type Text = { text: string; nonTextParts: number };
type ReadTurn = { turn: Omit<ImportedTurn, 'key' | 'parentKey'> | null; nonTextParts: number; shortened: boolean };
const NOTHING: ReadTurn = { turn: null, nonTextParts: 0, shortened: false };

/** One message as a turn: a message longer than sending allows is kept up to that length, and counted. */
function readTurn(role: string, { text, nonTextParts }: Text, at: number | null): ReadTurn {
  // System prompts and tool calls are not turns of the conversation.
  if (role !== 'user' && role !== 'assistant') return { ...NOTHING, nonTextParts };
  const whole = text.trim();
  const content = whole.slice(0, MAX_MESSAGE_CHARS);
  return { turn: content ? { role, content, at } : null, nonTextParts, shortened: whole.length > content.length };
}

function chatGptText(content: { content_type: string; parts?: unknown[] | undefined }): Text {
  if (content.content_type !== 'text' && content.content_type !== 'multimodal_text')
    return { text: '', nonTextParts: 1 };
  const parts = content.parts ?? [];
  const texts = parts.filter((p): p is string => typeof p === 'string');
  return { text: texts.join('\n'), nonTextParts: parts.length - texts.length };
}

function fromChatGpt(c: z.infer<typeof chatGptConversation>): ImportedChat {
  const tree: Tree<z.infer<typeof chatGptNode>> = {
    nodes: c.mapping,
    parentOf: (n) => n.parent,
    childrenOf: (n) => n.children,
  };
  const { turns, nonTextParts, shortened, leafKey } = turnsOf(tree, c.current_node, ({ message }) =>
    message ? readTurn(message.author.role, chatGptText(message.content), toMs(message.create_time)) : NOTHING,
  );
  const sourceId =
    c.id ?? c.conversation_id ?? `${c.title ?? ''}@${c.create_time ?? ''}@${Object.keys(c.mapping).sort().join(',')}`;
  return {
    format: 'chatgpt',
    sourceId,
    title: c.title ?? '',
    createdAt: toMs(c.create_time),
    updatedAt: toMs(c.update_time),
    turns,
    leafKey,
    nonTextParts,
    shortened,
    tags: [],
  };
}
function openWebUiText(content: z.infer<typeof openWebUiContent> | null | undefined): Text {
  if (content === null || content === undefined) return { text: '', nonTextParts: 0 };
  if (typeof content === 'string') return { text: content, nonTextParts: 0 };
  const texts = content.filter((p) => p.type === 'text' && typeof p.text === 'string').map((p) => p.text ?? '');
  return { text: texts.join('\n'), nonTextParts: content.length - texts.length };
}

function fromOpenWebUi(c: z.infer<typeof openWebUiChat>): ImportedChat {
  const history = c.chat.history;
  // Without a history tree (older exports), the message list is one path.
  const nodes: Record<string, z.infer<typeof openWebUiMessage>> = history && Object.keys(history.messages).length > 0
    ? history.messages
    : Object.fromEntries(
        (c.chat.messages ?? []).map((m, i) => [String(i), { ...m, parentId: i === 0 ? null : String(i - 1) }]),
      );
  const tree: Tree<z.infer<typeof openWebUiMessage>> = {
    nodes,
    parentOf: (m) => m.parentId,
    childrenOf: (m) => m.childrenIds,
  };
  const { turns, nonTextParts, shortened, leafKey } = turnsOf(tree, history?.currentId, (m) =>
    readTurn(m.role, openWebUiText(m.content), toMs(m.timestamp)),
  );
  return {
    format: 'open-webui',
    sourceId: c.id,
    title: c.title ?? c.chat.title ?? '',
    createdAt: toMs(c.created_at),
    updatedAt: toMs(c.updated_at),
    turns,
    leafKey,
    nonTextParts,
    shortened,
    tags: importableTags([...(c.meta?.tags ?? []), ...(c.chat.tags ?? [])]),
  };
}

/** The names that make valid tags, each once (by fold), at most as many as a conversation carries. */
function importableTags(names: readonly string[]): string[] {
  const kept = new Map<string, string>();
  for (const name of names) {
    const valid = tagName.safeParse(name);
    if (valid.success && !kept.has(foldTagName(valid.data))) kept.set(foldTagName(valid.data), valid.data);
  }
  return [...kept.values()].slice(0, MAX_TAGS_PER_CONVERSATION);
}
