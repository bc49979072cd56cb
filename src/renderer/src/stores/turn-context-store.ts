// "Why this reply?": the context each inspected reply was answered with, read from the record
// the engine keeps with the reply (so it works for any past reply, after a restart too).
import { create } from 'zustand';
import type { TurnContextView } from '../../../shared/contract';
import { getBridge } from '../bridge';
import { errorMessage } from '../lib/errors';

export type TurnContextState =
  { status: 'loading' } | { status: 'ready'; view: TurnContextView | null } | { status: 'failed'; error: string };

interface TurnContextsState {
  byReply: Record<string, TurnContextState>;
  /** Reads (again) the context of one reply. */
  load: (messageId: string) => Promise<void>;
}

export const useTurnContexts = create<TurnContextsState>((set, get) => ({
  byReply: {},
  load: async (messageId) => {
    const put = (state: TurnContextState) => set({ byReply: { ...get().byReply, [messageId]: state } });
    if (!get().byReply[messageId]) put({ status: 'loading' });
    try {
      put({ status: 'ready', view: await getBridge().call('chat.turnContext', { messageId }) });
    } catch (error) {
      put({ status: 'failed', error: errorMessage(error) });
    }
  },
}));
