// Tags on conversations: every tag, which conversations carry which, and the tag the sidebar
// and History are filtered by (one filter for both: choosing a tag in one shows it in the other).
import { create } from 'zustand';
import type { Tag, TagInfo } from '../../../shared/tags';
import { getBridge } from '../bridge';
import { errorMessage } from '../lib/errors';
import { useToasts } from './toast-store';

interface TagsState {
  tags: TagInfo[];
  /** Tag ids by conversation id, in the order they were added. */
  byConversation: Record<string, string[]>;
  /** The tag the conversation lists are filtered by; null shows every conversation. */
  filter: string | null;
  load: () => Promise<void>;
  setFilter: (tagId: string | null) => void;
  /** Resolves to false (with the reason shown) when the engine refused. */
  add: (conversationId: string, name: string) => Promise<boolean>;
  remove: (conversationId: string, tagId: string) => Promise<void>;
  rename: (tagId: string, name: string) => Promise<boolean>;
  delete: (tagId: string) => Promise<void>;
}

let loadSeq = 0;

const failed = (error: unknown) => useToasts.getState().show({ message: errorMessage(error), tone: 'error' });

export const useTags = create<TagsState>((set, get) => {
  /** Runs a change, then reloads the whole picture (counts, tags gone with their last conversation). */
  const change = async (work: () => Promise<unknown>): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (error) {
      failed(error);
      return false;
    } finally {
      await get().load();
    }
  };
  return {
    tags: [],
    byConversation: {},
    filter: null,
    load: async () => {
      const seq = ++loadSeq;
      try {
        const { tags, assignments } = await getBridge().call('tags.list', {});
        if (seq !== loadSeq) return;
        const filter = get().filter;
        set({
          tags,
          byConversation: Object.fromEntries(assignments.map((a) => [a.conversationId, a.tagIds])),
          // A tag that went (deleted, or its last conversation did) filters nothing any more.
          filter: filter && tags.some((t) => t.id === filter) ? filter : null,
        });
      } catch {
        // The lists still show; tags come back with the next change.
      }
    },
    setFilter: (tagId) => set({ filter: tagId }),
    add: (conversationId, name) => change(() => getBridge().call('tags.add', { conversationId, name })),
    remove: async (conversationId, tagId) => {
      await change(() => getBridge().call('tags.remove', { conversationId, tagId }));
    },
    rename: (tagId, name) =>
      change(async () => {
        const kept = await getBridge().call('tags.rename', { tagId, name });
        // Renamed onto another tag's name: the two are one now, and the filter follows.
        if (get().filter === tagId) set({ filter: kept.id });
      }),
    delete: async (tagId) => {
      await change(() => getBridge().call('tags.delete', { tagId }));
    },
  };
});

/** One conversation's tags, as tags (an id the list no longer has is left out). */
export function tagsOf(state: Pick<TagsState, 'tags' | 'byConversation'>, conversationId: string): Tag[] {
  const ids = state.byConversation[conversationId] ?? [];
  return ids.flatMap((id) => state.tags.filter((t) => t.id === id));
}

/** The conversations carrying the filter tag (all of them without a filter). */
export function withFilter<T extends { id: string }>(
  state: Pick<TagsState, 'filter' | 'byConversation'>,
  conversations: T[],
): T[] {
  const { filter, byConversation } = state;
  return filter ? conversations.filter((c) => byConversation[c.id]?.includes(filter)) : conversations;
}
