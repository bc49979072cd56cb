// Changing the embedding model: everything is embedded for the new model in the background
// (the maintenance job's progress events), then it becomes the active one. Queries use the old
// model meanwhile. While it runs, and after it failed, Settings shows it beside the field.
import type { AppStatus } from '../../../shared/contract';
import { toMnemoError, type MnemoError } from '../../../shared/errors';
import type { OllamaClient } from '../llm';
import type { Store } from '../store';
import type { IndexMaintenance } from './index-maintenance';
import type { OutboxIndexer } from './outbox-indexer';

export type EmbeddingSwitchState = AppStatus['indexing']['embeddingSwitch'];

const PENDING = 'index.pendingEmbeddingModel';

export interface EmbeddingSwitchParts {
  store: Store;
  ollama: () => OllamaClient;
  maintenance: IndexMaintenance;
  indexer: Pick<OutboxIndexer, 'drainDue'>;
  /** Makes `model` the active embedding model in the user's settings. */
  activate: (model: string) => void;
  /** The engine is closing: a failure then changes nothing. */
  closed: () => boolean;
  onError: (error: MnemoError) => void;
}

export class EmbeddingSwitch {
  private current: EmbeddingSwitchState = null;

  constructor(private readonly parts: EmbeddingSwitchParts) {}

  /** The embedding model being switched to, or the last switch that failed and why. */
  state(): EmbeddingSwitchState {
    return this.current;
  }

  /** Runs the switch in the background; a failure is kept (see `state`) and clears the pending model. */
  begin(model: string): void {
    const { store } = this.parts;
    this.current = { model, state: 'building', error: null };
    // Pending from now, so the settings answered at once show the model chosen, not the old one.
    store.settings.set(PENDING, model);
    void this.run(model).then(
      () => {
        if (this.current?.model === model) this.current = null;
      },
      (error: unknown) => {
        const failure = toMnemoError(error);
        if (this.parts.closed()) return;
        if (store.settings.get<string | null>(PENDING) === model) store.settings.set(PENDING, null);
        if (this.current?.model === model) this.current = { model, state: 'failed', error: failure.toJSON() };
        this.parts.onError(failure);
      },
    );
  }

  /** The switch itself, awaited (`begin` runs it in the background). */
  async run(model: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    const { store, maintenance } = this.parts;
    await this.parts.ollama().showModel(model);
    store.settings.set(PENDING, model);
    await maintenance.reembed(model, options);
    await this.parts.indexer.drainDue();
    this.parts.activate(model);
    store.settings.set(PENDING, null);
    // Items written while the pass ran were indexed for the old model; catch them up.
    await maintenance.reembed(model, options);
  }
}
