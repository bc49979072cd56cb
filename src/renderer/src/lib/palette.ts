// What the command palette offers (actions, conversations, memories) and how a typed query
// narrows it: fuzzy, so "stngs" finds Settings and a word from the middle of a title matches.
import Fuse from 'fuse.js';
import type { Conversation, Memory } from '../../../shared/domain';
import { conversationTitle } from './conversations';

export type PaletteKind = 'action' | 'conversation' | 'memory';

export interface PaletteEntry {
  id: string;
  kind: PaletteKind;
  label: string;
  run: () => void;
}

/** Shown before anything is typed: every action, then the most recent conversations. */
const UNFILTERED_CONVERSATIONS = 8;
const MAX_RESULTS = 50;

export function paletteEntries(input: {
  actions: PaletteEntry[];
  conversations: readonly Conversation[];
  memories: readonly Memory[];
  openConversation: (id: string) => void;
  openMemory: (id: string) => void;
}): PaletteEntry[] {
  return [
    ...input.actions,
    ...input.conversations.map((c) => ({
      id: `conversation:${c.id}`,
      kind: 'conversation' as const,
      label: conversationTitle(c),
      run: () => input.openConversation(c.id),
    })),
    ...input.memories.map((m) => ({
      id: `memory:${m.id}`,
      kind: 'memory' as const,
      label: m.content,
      run: () => input.openMemory(m.id),
    })),
  ];
}

export function filterPalette(entries: readonly PaletteEntry[], query: string): PaletteEntry[] {
  const q = query.trim();
  if (!q) {
    const actions = entries.filter((e) => e.kind === 'action');
    return [...actions, ...entries.filter((e) => e.kind === 'conversation').slice(0, UNFILTERED_CONVERSATIONS)];
  }
  const fuse = new Fuse(entries, { keys: ['label'], threshold: 0.4, ignoreLocation: true });
  return fuse.search(q, { limit: MAX_RESULTS }).map((r) => r.item);
}
