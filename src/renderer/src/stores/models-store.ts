// Downloads and removals of Ollama models from Settings. The engine streams each pull's progress
// ('model-pull' events); this store keeps the latest state per model for the view, and asks the
// status store to read the installed list again when a model came or went.
import { create } from 'zustand';
import type { ModelPullView } from '../../../shared/contract';
import { getBridge } from '../bridge';
import { toUiError, type UiError } from '../lib/errors';
import { useConfirm } from './confirm-store';
import { useStatus } from './status-store';

interface ModelsState {
  /** The latest state of each download started in this session, newest first. */
  pulls: ModelPullView[];
  deleting: string | null;
  deleteError: UiError | null;
  pull: (model: string) => Promise<void>;
  cancel: (model: string) => Promise<void>;
  dismiss: (model: string) => void;
  remove: (model: string, inUseAs: string | null) => Promise<void>;
  /** A 'model-pull' event from the engine. */
  applyProgress: (view: ModelPullView) => void;
}

const starting = (model: string): ModelPullView => ({
  model,
  state: 'pulling',
  step: 'starting',
  completedBytes: 0,
  totalBytes: 0,
  bytesPerSecond: null,
  error: null,
});

/** What Settings → Models shows (read with `useShallow`); actions come from `getState()`. */
export const modelsSelectors = {
  view: (s: ModelsState) => ({ pulls: s.pulls, deleting: s.deleting, deleteError: s.deleteError }),
};

export const useModels = create<ModelsState>((set, get) => ({
  pulls: [],
  deleting: null,
  deleteError: null,
  pull: async (model) => {
    put(set, get, starting(model));
    try {
      put(set, get, await getBridge().call('models.pull', { model }));
    } catch (error) {
      const failure = toUiError(error);
      put(set, get, {
        ...starting(model),
        state: 'failed',
        error: { code: failure.code === 'UNKNOWN' ? 'INTERNAL' : failure.code, message: failure.message },
      });
    }
    await useStatus.getState().loadModels();
  },
  cancel: async (model) => {
    await getBridge().call('models.cancelPull', { model });
  },
  dismiss: (model) => set({ pulls: get().pulls.filter((p) => p.model !== model) }),
  remove: async (model, inUseAs) => {
    const yes = await useConfirm.getState().ask({
      title: `Delete ${model}?`,
      body: `${model} is removed from Ollama on this machine and its disk space freed. ${inUseAs ? `It is your ${inUseAs}: pick another in the form above, or download it again, before chatting. ` : ''}Your conversations and memories stay as they are.`,
      confirmLabel: `Delete ${model}`,
    });
    if (!yes) return;
    set({ deleting: model, deleteError: null });
    try {
      await getBridge().call('models.delete', { model });
    } catch (error) {
      set({ deleteError: toUiError(error) });
    } finally {
      set({ deleting: null });
    }
    await useStatus.getState().loadModels();
  },
  applyProgress: (view) => {
    // A progress event that arrives after the pull's answer must not bring back a finished row.
    const current = get().pulls.find((p) => p.model === view.model);
    if (current && current.state !== 'pulling') return;
    put(set, get, view);
  },
}));

function put(set: (s: Partial<ModelsState>) => void, get: () => ModelsState, view: ModelPullView): void {
  set({ pulls: [view, ...get().pulls.filter((p) => p.model !== view.model)] });
}
