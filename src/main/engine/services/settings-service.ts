// The user's settings: read, checked and saved from Settings, and put to work when they change
// (a new Ollama host is talked to at once; a new embedding model is switched to by re-embedding
// in the background). Also what follows from the chosen models: which ones are active, and how
// the chat model keeps memory.
import type { AppStatus, SettingsView, ValidInput } from '../../../shared/contract';
import type { Problem } from '../../../shared/problems';
import { saveSettings, type EngineSettings, type ModelRole, type UserSettings } from '../config';
import type { EmbeddingSwitch, EmbeddingSwitchState } from '../indexing';
import type { OllamaConnection } from '../llm';
import { ModelCatalog, modelChoiceProblem } from '../models';
import type { Store } from '../store';

export interface SettingsServiceParts {
  dataDir: string;
  store: Store;
  settings: EngineSettings;
  ollama: OllamaConnection;
  /** The current Ollama's models, to check a chosen one against. */
  catalog: ModelCatalog;
  /** What a model can do, asked of Ollama once per model. */
  capabilities: (model: string) => Promise<{ supportsTools: boolean }>;
  embeddingSwitch: EmbeddingSwitch;
}

type SaveOptions = { confirmRemoteHost?: string };

export class SettingsService {
  constructor(private readonly parts: SettingsServiceParts) {}

  get(): UserSettings {
    return this.parts.settings.get();
  }

  chatModel(): string {
    return this.get().chatModel;
  }

  /** The embedding model whose vectors are queried and written now. */
  embeddingModel(): string {
    return this.get().embeddingModel;
  }

  /** What Settings shows: the settings, where the data lives, and a model being switched to. */
  view(): SettingsView {
    const { store, dataDir } = this.parts;
    return {
      ...this.get(),
      dataDir,
      pendingEmbeddingModel: store.settings.get<string | null>('index.pendingEmbeddingModel') ?? null,
    };
  }

  async update(input: ValidInput<'settings.update'>): Promise<SettingsView> {
    const { confirmRemoteHost, ...patch } = input;
    await this.save(patch, confirmRemoteHost === undefined ? {} : { confirmRemoteHost });
    return this.view();
  }

  /**
   * Saves a change from Settings: refused as a whole (INVALID_INPUT naming each field with its
   * reason) when any field is wrong or a chosen model cannot take its role in that Ollama.
   */
  save(patch: Partial<UserSettings>, options: SaveOptions = {}): Promise<UserSettings> {
    return saveSettings(
      {
        settings: this.parts.settings,
        modelProblem: (choice) => this.modelProblem(choice),
        apply: (p, o) => this.apply(p, o),
      },
      patch,
      options,
    );
  }

  /**
   * Writes settings already checked (or read back from an import, or the defaults of a new
   * profile) and puts them to work: a new Ollama host at once, a new embedding model by the
   * background switch.
   */
  apply(patch: Partial<UserSettings>, options: SaveOptions = {}): UserSettings {
    const { embeddingModel, ...rest } = patch;
    const before = this.get();
    const after = this.parts.settings.update(rest, options);
    if (after.ollamaHost !== before.ollamaHost) this.parts.ollama.useHost(after.ollamaHost);
    if (embeddingModel !== undefined && embeddingModel !== before.embeddingModel)
      this.parts.embeddingSwitch.begin(embeddingModel);
    return after;
  }

  /** The embedding model being switched to, or the last switch that failed and why. */
  embeddingSwitch(): EmbeddingSwitchState {
    return this.parts.embeddingSwitch.state();
  }

  /**
   * How the chat model keeps memory: 'tools' when it calls save_to_model_memory itself,
   * 'extraction' when it cannot (its /api/show lists no `tools`) and the idle pass proposes
   * facts instead; 'unknown' while Ollama cannot say.
   */
  async memoryMode(): Promise<AppStatus['memoryMode']> {
    try {
      return (await this.parts.capabilities(this.chatModel())).supportsTools ? 'tools' : 'extraction';
    } catch {
      return 'unknown';
    }
  }

  /** Asks the Ollama at `host` (a client of its own when it is not the current one). */
  private async modelProblem(choice: { role: ModelRole; name: string; host: string }): Promise<Problem | null> {
    const { ollama, catalog } = this.parts;
    if (choice.host === ollama.current().host) return modelChoiceProblem(catalog, choice);
    const client = ollama.clientFor(choice.host);
    try {
      return await modelChoiceProblem(new ModelCatalog(() => client), choice);
    } finally {
      client.close();
    }
  }
}
