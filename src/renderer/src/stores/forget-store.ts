// "Forget this everywhere": what the dialog shows (the statement and what states it, each
// ticked until the user unticks it) and the one call that removes the ticked ones. The engine
// finds and decides; after forgetting, the views that may show forgotten things reload.
import { create } from 'zustand';
import type { ForgetCandidate } from '../../../shared/domain';
import { getBridge } from '../bridge';
import { t } from '../i18n';
import { errorMessage } from '../lib/errors';
import { useChat } from './chat-store';
import { useConversations } from './conversations-store';
import { useMemory } from './memory-store';
import { useToasts } from './toast-store';

export type ForgetSource = { memoryId: string } | { messageId: string };

interface ForgetState {
  source: ForgetSource | null;
  statement: string;
  candidates: ForgetCandidate[];
  /** Keys (`kind:id`) of the candidates still ticked. */
  chosen: string[];
  finding: boolean;
  forgetting: boolean;
  error: string | null;
  open: (source: ForgetSource) => Promise<void>;
  toggle: (key: string) => void;
  close: () => void;
  forget: () => Promise<void>;
}

export const candidateKey = (c: Pick<ForgetCandidate, 'kind' | 'id'>): string => `${c.kind}:${c.id}`;

const CLOSED = {
  source: null,
  statement: '',
  candidates: [],
  chosen: [],
  finding: false,
  forgetting: false,
  error: null,
};

export const useForget = create<ForgetState>((set, get) => ({
  ...CLOSED,
  open: async (source) => {
    set({ ...CLOSED, source, finding: true });
    try {
      const found = await getBridge().call('forget.find', source);
      if (get().source !== source) return;
      set({
        statement: found.statement,
        candidates: found.candidates,
        chosen: found.candidates.map(candidateKey),
        finding: false,
      });
    } catch (error) {
      if (get().source === source) set({ finding: false, error: errorMessage(error) });
    }
  },
  toggle: (key) => {
    const chosen = get().chosen;
    set({ chosen: chosen.includes(key) ? chosen.filter((k) => k !== key) : [...chosen, key] });
  },
  close: () => set(CLOSED),
  forget: async () => {
    const items = get()
      .candidates.filter((c) => get().chosen.includes(candidateKey(c)))
      .map(({ kind, id }) => ({ kind, id }));
    if (items.length === 0) return;
    set({ forgetting: true, error: null });
    try {
      const counts = await getBridge().call('forget.apply', { items });
      const touched = new Set(
        get().candidates.flatMap((c) => (c.kind !== 'memory' && c.conversationId ? [c.conversationId] : [])),
      );
      set(CLOSED);
      useToasts.getState().show({
        message: t('forget.done', {
          messages: t('forget.messages', { count: counts.messages }),
          summaries: t('forget.summaries', { count: counts.summaries }),
          memories: t('forget.memories', { count: counts.memories }),
        }),
      });
      for (const id of touched) void useChat.getState().load(id);
      void useConversations.getState().refresh();
      void useMemory.getState().load();
    } catch (error) {
      set({ forgetting: false, error: errorMessage(error) });
    }
  },
}));
