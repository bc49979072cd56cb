// What the status strip, Settings and Monitoring read: whether Ollama and Chroma answer, how
// far indexing is, and the turn figures with their exports.
import type { AppStatus, MethodOutputs, ValidInput } from '../../../shared/contract';
import { toMnemoError } from '../../../shared/errors';
import type { MetricsFilter } from '../../../shared/monitoring';
import type { OutboxIndexer, VectorIndexService } from '../indexing';
import type { OllamaClient } from '../llm';
import type { Monitoring } from '../monitoring';
import type { Store } from '../store';
import type { SettingsService } from './settings-service';

export interface StatusServiceOptions {
  dataDir: string;
  store: Store;
  settings: Pick<SettingsService, 'get' | 'memoryMode' | 'embeddingSwitch'>;
  ollama: () => OllamaClient;
  /** The vector index's state (Chroma's, or ready/starting when held in memory) and its whole-index job. */
  vectorIndex: Pick<VectorIndexService, 'state' | 'job'>;
  indexer: Pick<OutboxIndexer, 'status'>;
  monitoring: Monitoring;
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
    const { indexer, vectorIndex } = this.options;
    const settings = this.options.settings.get();
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
      chroma: { state: vectorIndex.state() },
      indexing: {
        pending: indexing.pending,
        lastError: indexing.lastError,
        job: vectorIndex.job(),
        embeddingSwitch: this.options.settings.embeddingSwitch(),
      },
      dataDir: this.options.dataDir,
      chatModel: settings.chatModel,
      embeddingModel: settings.embeddingModel,
      memoryMode: ollama.reachable ? await this.options.settings.memoryMode() : 'unknown',
    };
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
        indexerLastError: indexing.lastError && `${indexing.lastError.code}: ${indexing.lastError.message}`,
      }),
    };
  }
}
