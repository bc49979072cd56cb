// The conversations the sidebar lists (not archived, not temporary), refreshed when chat events say
// something changed, and the actions every view can take on one conversation.
import { create } from 'zustand';
import type { Conversation } from '../../../shared/domain';
import { getBridge } from '../bridge';
import { sortConversations, upsertConversation } from '../lib/conversations';
import { downloadText } from '../lib/download';
import { errorMessage } from '../lib/errors';

interface ConversationsState {
  list: Conversation[];
  loaded: boolean;
  error: string | null;
  /** Conversations fetched one by one (archived ones opened from search, for example). */
  extra: Record<string, Conversation>;
  refresh: () => Promise<void>;
  refreshSoon: () => void;
  fetch: (conversationId: string) => Promise<Conversation | null>;
  find: (conversationId: string) => Conversation | undefined;
  setTitle: (conversationId: string, title: string) => void;
  applyUpdate: (conversation: Conversation) => void;
  rename: (conversationId: string, title: string) => Promise<Conversation>;
  setPinned: (conversationId: string, pinned: boolean) => Promise<Conversation>;
  setArchived: (conversationId: string, archived: boolean) => Promise<Conversation>;
  setCrossConversation: (conversationId: string, enabled: boolean) => Promise<Conversation>;
  /** `withMemories`: the memories that came from it go too. Resolves to how many did. */
  remove: (conversationId: string, withMemories?: boolean) => Promise<number>;
  /** "Keep this chat": the temporary chat becomes an ordinary one, listed and remembered. */
  keep: (conversationId: string) => Promise<Conversation>;
  exportAs: (conversationId: string, format: 'markdown' | 'json') => Promise<void>;
}

const SIDEBAR_LIMIT = 500;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

export const useConversations = create<ConversationsState>((set, get) => {
  const applied = (conversation: Conversation) => {
    get().applyUpdate(conversation);
    return conversation;
  };
  return {
    list: [],
    loaded: false,
    error: null,
    extra: {},
    refresh: async () => {
      try {
        const list = await getBridge().call('conversations.list', { limit: SIDEBAR_LIMIT });
        set({ list: sortConversations(list), loaded: true, error: null });
      } catch (error) {
        set({ error: errorMessage(error), loaded: true });
      }
    },
    refreshSoon: () => {
      if (refreshTimer) clearTimeout(refreshTimer);
      refreshTimer = setTimeout(() => void get().refresh(), 250);
    },
    fetch: async (conversationId) => {
      try {
        const conversation = await getBridge().call('conversations.get', { conversationId });
        set({ extra: { ...get().extra, [conversationId]: conversation } });
        return conversation;
      } catch {
        return null;
      }
    },
    find: (conversationId) => get().list.find((c) => c.id === conversationId) ?? get().extra[conversationId],
    setTitle: (conversationId, title) => {
      const found = get().find(conversationId);
      if (found) get().applyUpdate({ ...found, title });
    },
    applyUpdate: (conversation) => {
      const { list, extra } = get();
      // Temporary chats are never in the list; the sidebar shows the open one on its own.
      const inList = !conversation.archived && !conversation.temporary;
      set({
        list: inList ? upsertConversation(list, conversation) : list.filter((c) => c.id !== conversation.id),
        extra: { ...extra, [conversation.id]: conversation },
      });
    },
    rename: async (conversationId, title) =>
      applied(await getBridge().call('conversations.rename', { conversationId, title })),
    setPinned: async (conversationId, pinned) =>
      applied(await getBridge().call('conversations.setPinned', { conversationId, pinned })),
    setArchived: async (conversationId, archived) =>
      applied(await getBridge().call('conversations.setArchived', { conversationId, archived })),
    setCrossConversation: async (conversationId, enabled) =>
      applied(await getBridge().call('conversations.setCrossConversation', { conversationId, enabled })),
    remove: async (conversationId, withMemories = false) => {
      const { memoriesDeleted } = await getBridge().call('conversations.delete', {
        conversationId,
        ...(withMemories ? { withMemories } : {}),
      });
      const { [conversationId]: _gone, ...extra } = get().extra;
      set({ list: get().list.filter((c) => c.id !== conversationId), extra });
      return memoriesDeleted;
    },
    keep: async (conversationId) => applied(await getBridge().call('conversations.keep', { conversationId })),
    exportAs: async (conversationId, format) => {
      const file = await getBridge().call('conversations.export', { conversationId, format });
      downloadText(file.filename, file.content, file.mimeType);
    },
  };
});
