// The Memory view: the curated memories, filtered by category or searched, and the edits the
// user makes to them. Deleting offers Undo; details (source message, change history) load
// on request.
import { create } from 'zustand';
import type { Conversation, Memory, MemoryHistoryEntry, MemoryVersion, Message } from '../../../shared/domain';
import type { MethodInput } from '../../../shared/contract';
import { getBridge } from '../bridge';
import { memoryImportSummary } from '../lib/import-summary';
import { downloadText } from '../lib/download';
import { errorMessage } from '../lib/errors';
import { saveConfirmingSecrets } from '../lib/secret-confirm';
import { useToasts } from './toast-store';
import { t } from '../i18n';

export interface MemoryDetails {
  provenance: { message: Message | null; conversation: Conversation | null } | null;
  history: MemoryHistoryEntry[];
  /** The values it held, with when: an edit or a newer statement keeps the old one here. */
  versions: MemoryVersion[];
  error: string | null;
}

interface MemoryState {
  memories: Memory[];
  categories: string[];
  category: string;
  query: string;
  /** Search results replace the list while a query is set. */
  results: { memory: Memory; score: number }[] | null;
  loading: boolean;
  error: string | null;
  details: Record<string, MemoryDetails>;
  load: () => Promise<void>;
  setCategory: (category: string) => Promise<void>;
  search: (query: string) => Promise<void>;
  add: (input: MethodInput<'memory.add'>) => Promise<boolean>;
  edit: (input: MethodInput<'memory.edit'>) => Promise<boolean>;
  remove: (memory: Memory) => Promise<void>;
  loadDetails: (memoryId: string) => Promise<void>;
  exportAll: () => Promise<void>;
  importJson: (json: string) => Promise<void>;
}

let searchSeq = 0;

export const useMemory = create<MemoryState>((set, get) => {
  const fail = (error: unknown) => set({ error: errorMessage(error) });
  const refreshAfterChange = async () => {
    await get().load();
    if (get().query) await get().search(get().query);
  };

  return {
    memories: [],
    categories: [],
    category: '',
    query: '',
    results: null,
    loading: false,
    error: null,
    details: {},
    load: async () => {
      set({ loading: true });
      try {
        const bridge = getBridge();
        const category = get().category;
        const [memories, categories] = await Promise.all([
          bridge.call('memory.list', { limit: 10_000, ...(category ? { category } : {}) }),
          bridge.call('memory.categories', {}),
        ]);
        set({ memories, categories, error: null });
      } catch (error) {
        fail(error);
      } finally {
        set({ loading: false });
      }
    },
    setCategory: async (category) => {
      set({ category });
      await get().load();
    },
    search: async (query) => {
      const seq = ++searchSeq;
      set({ query });
      if (!query.trim()) {
        set({ results: null });
        return;
      }
      try {
        const results = await getBridge().call('memory.search', { query, limit: 50 });
        if (seq === searchSeq) set({ results, error: null });
      } catch (error) {
        if (seq === searchSeq) fail(error);
      }
    },
    add: async (input) => {
      try {
        const saved = await saveConfirmingSecrets((confirmSecret) =>
          getBridge().call('memory.add', { ...input, ...(confirmSecret ? { confirmSecret } : {}) }),
        );
        if (!saved) return false;
        useToasts.getState().show({ message: saved.outcome === 'merged' ? t('chat.merged') : t('memory.added') });
        await refreshAfterChange();
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },
    edit: async (input) => {
      try {
        const edited = await saveConfirmingSecrets((confirmSecret) =>
          getBridge().call('memory.edit', { ...input, ...(confirmSecret ? { confirmSecret } : {}) }),
        );
        if (!edited) return false;
        await refreshAfterChange();
        if (get().details[input.memoryId]) await get().loadDetails(input.memoryId);
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },
    remove: async (memory) => {
      try {
        await getBridge().call('memory.delete', { memoryId: memory.id });
        await refreshAfterChange();
        useToasts.getState().show({
          message: t('memory.deleted', {
            content: `${memory.content.slice(0, 60)}${memory.content.length > 60 ? '…' : ''}`,
          }),
          action: {
            label: t('common.undo'),
            run: async () => {
              await getBridge().call('memory.undoDelete', { memoryId: memory.id });
              await refreshAfterChange();
            },
          },
        });
      } catch (error) {
        fail(error);
      }
    },
    loadDetails: async (memoryId) => {
      try {
        const bridge = getBridge();
        const [provenance, history, versions] = await Promise.all([
          bridge.call('memory.provenance', { memoryId }),
          bridge.call('memory.history', { memoryId }),
          bridge.call('memory.versions', { memoryId }),
        ]);
        set({ details: { ...get().details, [memoryId]: { provenance, history, versions, error: null } } });
      } catch (error) {
        set({
          details: {
            ...get().details,
            [memoryId]: { provenance: null, history: [], versions: [], error: errorMessage(error) },
          },
        });
      }
    },
    exportAll: async () => {
      try {
        const file = await getBridge().call('memory.export', {});
        downloadText(file.filename, file.content, 'application/json');
      } catch (error) {
        fail(error);
      }
    },
    importJson: async (json) => {
      try {
        const counts = await getBridge().call('memory.import', { json });
        useToasts.getState().show({ message: memoryImportSummary(counts) });
        await refreshAfterChange();
      } catch (error) {
        fail(error);
      }
    },
  };
});

/**
 * What the memory list shows, one slice (read with `useShallow`): loading one memory's
 * details, which each item reads by its own selector, does not render the whole list again.
 */
export const memorySelectors = {
  list: (s: MemoryState) => ({
    memories: s.memories,
    categories: s.categories,
    category: s.category,
    query: s.query,
    results: s.results,
    loading: s.loading,
    error: s.error,
  }),
};
