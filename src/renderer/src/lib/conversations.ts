// Ordering and display helpers for conversation lists.
import type { Conversation } from '../../../shared/domain';

/** Pinned first, then newest activity first (the same order the engine lists in). */
export function sortConversations(list: readonly Conversation[]): Conversation[] {
  return [...list].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
}

export function upsertConversation(list: readonly Conversation[], conversation: Conversation): Conversation[] {
  const rest = list.filter((c) => c.id !== conversation.id);
  return sortConversations([...rest, conversation]);
}

export function conversationTitle(conversation: Pick<Conversation, 'title'> | undefined | null): string {
  return conversation?.title?.trim() || 'Untitled conversation';
}

export function formatTime(ms: number, now = Date.now()): string {
  const date = new Date(ms);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  return sameDay ? date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}
