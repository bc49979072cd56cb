// Conversation export (Markdown, JSON) and memory export/import (JSON), as plain strings the
// renderer saves wherever the user chooses.
import { z } from 'zod';
import { MnemoError } from '../../../shared/errors';
import { refusal } from '../problems';
import type { Store } from '../store';

export function conversationExport(store: Store, conversationId: string, format: 'markdown' | 'json') {
  const conversation = store.conversations.get(conversationId);
  const messages = store.messages.list(conversationId);
  const base =
    (conversation.title || 'conversation')
      .replace(/[^\p{L}\p{N} _-]+/gu, '')
      .trim()
      .slice(0, 60) || 'conversation';
  if (format === 'json') {
    const content = JSON.stringify({ format: 'mnemo-conversation', version: 1, conversation, messages }, null, 2);
    return { filename: `${base}.json`, mimeType: 'application/json', content };
  }
  const lines = [
    `# ${conversation.title || 'Conversation'}`,
    '',
    `_Exported from Mnemo · started ${localStamp(conversation.createdAt)}_`,
    '',
  ];
  for (const m of messages) {
    const status = m.status === 'complete' ? '' : ` (${m.status})`;
    lines.push(
      `## ${m.role === 'user' ? 'You' : 'Assistant'}${status} · ${localStamp(m.createdAt)}`,
      '',
      m.content,
      '',
    );
  }
  return { filename: `${base}.md`, mimeType: 'text/markdown', content: lines.join('\n') };
}

/** A date and time as the reader's clock showed it ("2026-12-06 15:10"): exports are read by people, not parsed. */
export function localStamp(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

export function memoryExport(store: Store) {
  const memories = store.memories.list().map((m) => ({
    content: m.content,
    category: m.category,
    importance: m.importance,
    pinned: m.pinned,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  }));
  return {
    filename: 'mnemo-memories.json',
    content: JSON.stringify({ format: 'mnemo-memories', version: 1, memories }, null, 2),
  };
}

const importSchema = z.object({
  format: z.literal('mnemo-memories').optional(),
  memories: z
    .array(
      z.object({
        content: z.string(),
        category: z.string().optional(),
        importance: z.number().int().min(1).max(5).optional(),
        pinned: z.boolean().optional(),
      }),
    )
    .max(100_000),
});

export function parseMemoryImport(json: string) {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw refusal({ code: 'notJson' });
  }
  const parsed = importSchema.safeParse(Array.isArray(data) ? { memories: data } : data);
  if (!parsed.success)
    throw new MnemoError(
      'INVALID_INPUT',
      `That file is not a Mnemo memory export: ${parsed.error.issues[0]?.message ?? 'wrong shape'}`,
    );
  return parsed.data.memories.map((m) => ({
    content: m.content,
    ...(m.category ? { category: m.category } : {}),
    ...(m.importance ? { importance: m.importance } : {}),
    ...(m.pinned ? { pinned: true } : {}),
  }));
}
