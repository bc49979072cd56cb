// The History view: every conversation (archived ones on request) and search across all
// messages.
import { create } from 'zustand';
import type { Conversation, SearchHit } from '../../../shared/domain';
import { getBridge } from '../bridge';
import { errorMessage } from '../lib/errors';
import { useTags } from './tags-store';

interface HistoryState {
  conversations: Conversation[];
  showArchived: boolean;
  loading: boolean;
  error: string | null;
  query: string;
  hits: SearchHit[];
  searching: boolean;
  searchError: string | null;
  load: () => Promise<void>;
  setShowArchived: (show: boolean) => Promise<void>;
  /** `inPlace`: the row stays even when it is now hidden (just archived: see lib/archive.ts). */
  replace: (conversation: Conversation, options?: { inPlace?: boolean }) => void;
  drop: (conversationId: string) => void;
  /** Searches every message, or only those of the conversations carrying the tag filter. */
  search: (query: string) => Promise<void>;
  /** How many memories came from a conversation (offered for deletion with it); 0 when that cannot be said. */
  memoriesFrom: (conversationId: string) => Promise<number>;
}

let searchSeq = 0;

export const useHistory = create<HistoryState>((set, get) => ({
  conversations: [],
  showArchived: false,
  loading: false,
  error: null,
  query: '',
  hits: [],
  searching: false,
  searchError: null,
  memoriesFrom: async (conversationId) => {
    try {
      return (await getBridge().call('conversations.memories', { conversationId })).length;
    } catch {
      return 0;
    }
  },
  load: async () => {
    set({ loading: true });
    try {
      const conversations = await getBridge().call('conversations.list', {
        includeArchived: get().showArchived,
        limit: 10_000,
      });
      set({ conversations, error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      set({ loading: false });
    }
  },
  setShowArchived: async (show) => {
    set({ showArchived: show });
    await get().load();
  },
  replace: (conversation, options = {}) => {
    const hidden = conversation.archived && !get().showArchived && !options.inPlace;
    set({
      conversations: hidden
        ? get().conversations.filter((c) => c.id !== conversation.id)
        : get().conversations.map((c) => (c.id === conversation.id ? conversation : c)),
    });
  },
  drop: (conversationId) =>
    set({
      conversations: get().conversations.filter((c) => c.id !== conversationId),
      hits: get().hits.filter((h) => h.conversationId !== conversationId),
    }),
  search: async (query) => {
    const seq = ++searchSeq;
    set({ query });
    if (!query.trim()) {
      set({ hits: [], searching: false, searchError: null });
      return;
    }
    set({ searching: true });
    try {
      const tagId = useTags.getState().filter;
      const hits = await getBridge().call('search.messages', {
        query,
        limit: 100,
        includeArchived: true,
        ...(tagId ? { tagId } : {}),
      });
      if (seq === searchSeq) set({ hits, searchError: null });
    } catch (error) {
      if (seq === searchSeq) set({ hits: [], searchError: errorMessage(error) });
    } finally {
      if (seq === searchSeq) set({ searching: false });
    }
  },
}));
