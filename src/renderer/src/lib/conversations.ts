// Ordering and display helpers for conversation lists.
import type { Conversation } from '../../../shared/domain';
import { i18n, t } from '../i18n';
import { formatDateTime } from '../i18n/format';

/** Pinned first, then newest activity first (the same order the engine lists in). */
export function sortConversations(list: readonly Conversation[]): Conversation[] {
  return [...list].sort(
    (a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt || a.id.localeCompare(b.id),
  );
}

export function upsertConversation(list: readonly Conversation[], conversation: Conversation): Conversation[] {
  const rest = list.filter((c) => c.id !== conversation.id);
  return sortConversations([...rest, conversation]);
}

export function conversationTitle(conversation: Pick<Conversation, 'title'> | undefined | null): string {
  return conversation?.title?.trim() || t('conversation.untitled');
}

/** A moment as the user reads dates: always the day and the time ("6 Dec 2026, 09:50" in the UI's language). */
export function formatTime(ms: number): string {
  return formatDateTime(i18n.language, ms);
}
