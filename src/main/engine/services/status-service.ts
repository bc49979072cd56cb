// What the status strip, Settings and Monitoring read: whether Ollama and Chroma answer, how
// far indexing is, the settings (and saving them), and the turn figures with their exports.
import type { AppStatus, MethodOutputs, SettingsView, ValidInput } from '../../../shared/contract';
import { toMnemoError } from '../../../shared/errors';
import type { MetricsFilter } from '../../../shared/monitoring';
import type { EngineSettings, UserSettings } from '../config';
import type { IndexJobProgress, OutboxIndexer } from '../indexing';
import type { OllamaClient } from '../llm';
import type { Monitoring } from '../monitoring';
import type { Store } from '../store';
import type { SidecarState } from '../vectors/chroma-sidecar';

export interface StatusServiceOptions {
  dataDir: string;
  store: Store;
  settings: EngineSettings;
  ollama: () => OllamaClient;
  /** The vector index's state: Chroma's, or ready/starting when it is held in memory. */
  vectorIndexState: () => SidecarState;
  indexer: Pick<OutboxIndexer, 'status'>;
  /** The whole-index job running now (rebuild or re-embed), if any. */
  indexJob: () => IndexJobProgress | null;
  memoryMode: () => Promise<AppStatus['memoryMode']>;
  monitoring: Monitoring;
  /** Checks (chosen models too), saves and applies what changed (a new Ollama host, a new embedding model). */
  updateSettings: (patch: Partial<UserSettings>, options: { confirmRemoteHost?: string }) => Promise<unknown>;
  /** A change of embedding model under way, or the last one that failed. */
  embeddingSwitch: () => AppStatus['indexing']['embeddingSwitch'];
}

/** The contract's optional filter fields as the engine's filter (absent, not undefined). */
function metricsFilter(input: ValidInput<'metrics.overview'>): MetricsFilter {
  return {
    ...(input.conversationId ? { conversationId: input.conversationId } : {}),
    ...(input.from !== undefined ? { from: input.from } : {}),
    ...(input.to !== undefined ? { to: input.to } : {}),
  };
}

export class StatusService {
  constructor(private readonly options: StatusServiceOptions) {}

  async status(): Promise<AppStatus> {
    const { settings: userSettings, indexer } = this.options;
    const settings = userSettings.get();
    let ollama: AppStatus['ollama'] = {
      reachable: false,
      host: settings.ollamaHost,
      version: null,
      chatModelInstalled: false,
      embeddingModelInstalled: false,
      error: null,
    };
    try {
      const client = this.options.ollama();
      const [version, models] = await Promise.all([client.version(), client.listModels()]);
      const names = new Set(models.flatMap((m) => [m.name, m.name.replace(/:latest$/, '')]));
      ollama = {
        ...ollama,
        reachable: true,
        version,
        chatModelInstalled: names.has(settings.chatModel),
        embeddingModelInstalled: names.has(settings.embeddingModel),
      };
    } catch (error) {
      ollama.error = toMnemoError(error).toJSON();
    }
    const indexing = indexer.status();
    return {
      ollama,
      chroma: { state: this.options.vectorIndexState() },
      indexing: {
        pending: indexing.pending,
        lastError: indexing.lastError,
        job: this.options.indexJob(),
        embeddingSwitch: this.options.embeddingSwitch(),
      },
      dataDir: this.options.dataDir,
      chatModel: settings.chatModel,
      embeddingModel: settings.embeddingModel,
      memoryMode: ollama.reachable ? await this.options.memoryMode() : 'unknown',
    };
  }

  settings(): SettingsView {
    const { settings, store, dataDir } = this.options;
    return {
      ...settings.get(),
      dataDir,
      pendingEmbeddingModel: store.settings.get<string | null>('index.pendingEmbeddingModel') ?? null,
    };
  }

  async updateSettings(input: ValidInput<'settings.update'>): Promise<SettingsView> {
    const { confirmRemoteHost, ...patch } = input;
    await this.options.updateSettings(patch, confirmRemoteHost === undefined ? {} : { confirmRemoteHost });
    return this.settings();
  }

  recentTurns(input: ValidInput<'metrics.recent'>): MethodOutputs['metrics.recent'] {
    return this.options.store.metrics.recent(input.limit ?? 100);
  }

  overview(input: ValidInput<'metrics.overview'>): MethodOutputs['metrics.overview'] {
    return this.options.monitoring.overview(metricsFilter(input));
  }

  exportMetrics(input: ValidInput<'metrics.export'>): MethodOutputs['metrics.export'] {
    return this.options.monitoring.export(metricsFilter(input), input.format);
  }

  /** The diagnostics report, with how the parts answer right now. */
  async diagnostics(): Promise<MethodOutputs['metrics.diagnostics']> {
    const { ollama, chroma, indexing } = await this.status();
    return {
      content: this.options.monitoring.diagnostics({
        chroma: chroma.state,
        ollama: {
          reachable: ollama.reachable,
          version: ollama.version,
          chatModelInstalled: ollama.chatModelInstalled,
          embeddingModelInstalled: ollama.embeddingModelInstalled,
        },
        indexerLastError: indexing.lastError,
      }),
    };
  }
}
