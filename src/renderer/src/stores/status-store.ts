// What the engine reports about its helpers (Ollama, the vector index, the indexer) and the
// models Ollama has installed.
import { create } from 'zustand';
import type { AppStatus, EventPayloads, ModelInfo } from '../../../shared/contract';
import { getBridge } from '../bridge';
import { errorMessage } from '../lib/errors';

interface StatusState {
  status: AppStatus | null;
  statusError: string | null;
  models: ModelInfo[];
  modelsError: string | null;
  refresh: () => Promise<void>;
  loadModels: () => Promise<void>;
  setStatus: (status: AppStatus) => void;
  setProgress: (progress: EventPayloads['index-progress']) => void;
}

export const useStatus = create<StatusState>((set, get) => ({
  status: null,
  statusError: null,
  models: [],
  modelsError: null,
  refresh: async () => {
    try {
      get().setStatus(await getBridge().call('app.status', {}));
    } catch (error) {
      set({ statusError: errorMessage(error) });
    }
  },
  loadModels: async () => {
    try {
      set({ models: await getBridge().call('models.list', {}), modelsError: null });
    } catch (error) {
      set({ models: [], modelsError: errorMessage(error) });
    }
  },
  setStatus: (status) => {
    const before = get().status;
    set({ status, statusError: null });
    // Ollama came back, or its models changed: the picker should know.
    if (
      status.ollama.reachable &&
      (!before?.ollama.reachable || before.ollama.chatModelInstalled !== status.ollama.chatModelInstalled)
    )
      void get().loadModels();
  },
  setProgress: (progress) => {
    const status = get().status;
    if (!status) return;
    const job = progress.done >= progress.total ? null : progress;
    set({ status: { ...status, indexing: { ...status.indexing, job } } });
  },
}));
