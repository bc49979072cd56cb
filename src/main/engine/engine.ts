// The engine's composition root: opens the store, starts the Chroma sidecar, connects to
// Ollama and runs the indexer. The Electron shell, the WebSocket adapter, tests, the bench
// and the recall evaluation all start Mnemo through `Engine.open`.
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import type { ModelPullView } from '../../shared/contract';
import { toMnemoError, type SerializedError } from '../../shared/errors';
import { chunkText, chunkTextInSlices, countTokens, type ChunkOptions } from './chunking';
import { Branches, ChatService, ModelWindows, ToolRunner, TurnContexts, generateText, type ChatEvent } from './chat';
import { defaultUserSettings, EngineSettings, type EngineConfig } from './config';
import { ContextAssembler, DEFAULT_SYSTEM_PROMPT } from './context';
import { HybridRetriever } from './retrieval';
import { ImportUploads, makeDataFolderPrivate, type ImportProgress } from './data';
import { ForgetEverywhere } from './forget';
import {
  EmbeddingSwitch,
  IndexMaintenance,
  OutboxIndexer,
  QueryEmbedder,
  VectorIndexService,
  VectorLocationService,
  type IndexJobProgress,
} from './indexing';
import type { KeyProvider } from './keys';
import { DisposableStore, toDisposable } from './lifecycle';
import { OllamaConnection, type OllamaClient } from './llm';
import { DeletedMemories, IdleExtraction, MemoryDistiller, MemoryReviewQueue, ModelMemory } from './memory';
import { generateStructured } from './llm/structured';
import {
  ActiveProfile,
  forgetCleanClose,
  inspectProfile,
  markClosedCleanly,
  ProfileUnavailableError,
  type ProfilePaths,
  type ProfileRun,
} from './profile';
import { Monitoring } from './monitoring';
import { ModelCatalog, ModelPulls } from './models';
import {
  ChatCommands,
  ConversationService,
  TagService,
  DataService,
  MemoryService,
  ModelsService,
  SettingsService,
  StatusService,
  type EngineServices,
} from './services';
import { openDatabase, recoverInterruptedMigration, Store, timeOrderedId } from './store';
import { IdleSummaries, Summarizer, summaryBudget } from './summaries';
import { ChromaSidecar } from './vectors/chroma-sidecar';
import { SidecarConnection } from './vectors/chroma-client';
import { MemoryVectorIndex } from './vectors/memory-vector-index';
import { SwitchableVectorIndex } from './vectors/switchable-vector-index';
import { ChromaVectorIndex } from './vectors/vector-index';

export interface EngineOptions {
  config: EngineConfig;
  /** The profile's database key and what protects it (see engine/keys); fixedKey(null) keeps plaintext. */
  keys: KeyProvider;
  /** better-sqlite3 addon built for this runtime (the Electron shell passes its own). */
  nativeBinding?: string;
  /** Path of resources/chroma-launcher.mjs when it is not beside the sources (packaged app). */
  chromaLauncherPath?: string;
  /** A file whose node_modules hold chromadb's native bindings (packaged app). */
  chromaResolveFrom?: string;
  now?: () => number;
  newId?: () => string;
  /** Start the background indexer (tests that drive it by hand turn this off). */
  runIndexer?: boolean;
  indexer?: {
    batchSize?: number;
    embedBatchSize?: number;
    backoffMs?: { initial: number; max: number };
    pollMs?: number;
  };
  runBackgroundSummaries?: boolean;
  /** Mnemo's version, for the diagnostics report. */
  appVersion?: string;
}

export interface EngineEvents {
  'index-progress': [IndexJobProgress];
  'index-error': [SerializedError];
  /** The idle fact extraction (models without tools) failed; nothing was changed. */
  'extraction-error': [SerializedError];
  'chroma-state': [string];
  'import-progress': [ImportProgress];
  'model-pull': [ModelPullView];
  chat: [ChatEvent];
}

/** What `Engine.internals` shows (see there). */
export interface EngineInternals {
  readonly store: Store;
  readonly settings: EngineSettings;
  /** The current client: a new one replaces it when the Ollama host changes. */
  readonly ollama: OllamaClient;
  readonly sidecar: ChromaSidecar;
  readonly vectors: SwitchableVectorIndex;
  readonly vectorLocation: VectorLocationService;
  /** Start, reconciliation with SQLite, move, state (engine/indexing/vector-index-service.ts). */
  readonly vectorIndex: VectorIndexService;
  readonly indexer: OutboxIndexer;
  readonly maintenance: IndexMaintenance;
  readonly embeddingSwitch: EmbeddingSwitch;
  /** A question's vector with the active embedding model. */
  readonly queries: QueryEmbedder;
  readonly memory: ModelMemory;
  readonly review: MemoryReviewQueue;
  readonly extraction: IdleExtraction;
  readonly retriever: HybridRetriever;
  readonly assembler: ContextAssembler;
  readonly summarizer: Summarizer;
  readonly chat: ChatService;
  readonly idleSummaries: IdleSummaries;
  readonly monitoring: Monitoring;
}

export const dataPaths = (dataDir: string): ProfilePaths => ({
  dataDir,
  database: join(dataDir, 'mnemo.sqlite'),
  chroma: join(dataDir, 'chroma'),
  backups: join(dataDir, 'backups'),
  damaged: join(dataDir, 'damaged'),
  key: join(dataDir, 'mnemo.key'),
});

export class Engine extends EventEmitter<EngineEvents> {
  private readonly store: Store;
  private readonly settings: EngineSettings;
  /** The Ollama talked to now: Settings can move it to another host while Mnemo runs. */
  private readonly ollama: OllamaConnection;
  private readonly sidecar: ChromaSidecar;
  private readonly vectors: SwitchableVectorIndex;
  /** Where the vector index lives (Chroma on disk, or memory only) and moving it. */
  private readonly vectorLocation: VectorLocationService;
  private readonly vectorIndex: VectorIndexService;
  private readonly indexer: OutboxIndexer;
  private readonly maintenance: IndexMaintenance;
  private readonly embeddingSwitch: EmbeddingSwitch;
  private readonly queries: QueryEmbedder;
  private readonly memory: ModelMemory;
  private readonly review: MemoryReviewQueue;
  private readonly distiller: MemoryDistiller;
  private readonly extraction: IdleExtraction;
  private readonly deletedMemories: DeletedMemories;
  private readonly imports: ImportUploads;
  private readonly retriever: HybridRetriever;
  private readonly assembler: ContextAssembler;
  /** Each reply's context, kept for "Why this reply?". */
  private readonly turnContexts: TurnContexts;
  private readonly summarizer: Summarizer;
  private readonly chat: ChatService;
  private readonly branches: Branches;
  private readonly windows: ModelWindows;
  private readonly idleSummaries: IdleSummaries;
  private readonly forgetEverywhere: ForgetEverywhere;
  private readonly monitoring: Monitoring;
  /** The configured Ollama's models, and downloads into it. */
  private readonly models: ModelCatalog;
  private readonly pulls: ModelPulls;
  /** The user's settings, saved and put to work (also one of the services below). */
  private readonly userSettings: SettingsService;
  /** What the contract (and anything outside the engine) calls: one small interface per area. */
  readonly services: EngineServices;
  /**
   * The test seam: the parts themselves, for tests, the bench and the evaluation scripts that
   * drive or inspect one directly (drain the indexer, read SQLite, kill Chroma). The app's
   * adapters (IPC, WebSocket) use only `services` and the events.
   */
  readonly internals: EngineInternals;
  private readonly chroma: SidecarConnection;
  /**
   * What lives as long as the engine (the Ollama client, Chroma's connection, downloads, the
   * profile below): close() disposes it, in reverse order of creation.
   */
  private readonly lifetime = new DisposableStore();
  /**
   * What lives as long as this profile's data: the database, the vector index and every
   * background run, registered as they are opened and started (`startProfile`). Delete-all
   * ends it and starts a new one in the same folder.
   */
  private readonly profile: ActiveProfile;
  /** How long the end-of-session summaries may take when the profile is disposed (close's `summarizeFor`). */
  private endOfSessionMs = 0;
  private closing: Promise<void> | null = null;
  private closed = false;
  private damageSeen = false;

  private constructor(
    readonly config: EngineConfig,
    readonly options: EngineOptions,
  ) {
    super();
    const paths = dataPaths(config.dataDir);
    const now = options.now ?? Date.now;
    const isClosed = () => this.closed;
    this.store = Store.open(
      paths.database,
      {
        now,
        newId: options.newId ?? (() => timeOrderedId()),
        chunk: (text) => chunkText(text, this.chunkOptions()),
        countTokens,
      },
      this.databaseOptions(options.keys.databaseKey),
    );
    this.profile = new ActiveProfile({
      paths,
      holdDatabase: (profile) => profile.add(toDisposable(() => this.store.close())),
      start: (profile, run) => this.startProfile(profile, run),
      openFresh: () => this.openFreshProfile(),
      stopReplies: (timeoutMs) => this.stopReplies(timeoutMs),
      running: () => ({
        indexer: this.indexer.status().running,
        background: this.options.runBackgroundSummaries !== false,
      }),
      closed: isClosed,
    });
    this.settings = new EngineSettings(this.store.settings, defaultUserSettings(config, DEFAULT_SYSTEM_PROMPT));
    this.ollama = new OllamaConnection(
      { requestTimeoutMs: config.ollama.requestTimeoutMs, streamIdleTimeoutMs: config.ollama.streamIdleTimeoutMs },
      this.settings.get().ollamaHost,
    );
    const ollama = () => this.ollama.current();
    const chatModel = () => this.settings.get().chatModel;
    const embeddingModel = () => this.settings.get().embeddingModel;
    this.models = new ModelCatalog(ollama);
    this.pulls = new ModelPulls({ ollama, now, onProgress: (view) => this.emit('model-pull', view) });
    this.sidecar = new ChromaSidecar({
      dataDir: paths.chroma,
      port: config.chroma.port,
      startTimeoutMs: config.chroma.startTimeoutMs,
      restartBackoffMs: config.chroma.restartBackoffMs,
      healthCheck: config.chroma.healthCheck,
      ...(options.chromaLauncherPath ? { launcherPath: options.chromaLauncherPath } : {}),
      ...(options.chromaResolveFrom ? { resolveFrom: options.chromaResolveFrom } : {}),
    });
    // Port 9 (discard) while the sidecar has no address: calls fail fast as CHROMA_DOWN.
    this.chroma = new SidecarConnection(() => this.sidecar.url ?? 'http://127.0.0.1:9', config.chroma.queryTimeoutMs);
    const onDisk = new ChromaVectorIndex(() => this.chroma.current(), {
      queryMs: config.chroma.queryTimeoutMs,
      callMs: config.chroma.callTimeoutMs,
    });
    const inMemory = new MemoryVectorIndex();
    this.vectors = new SwitchableVectorIndex(onDisk);
    const embed = (model: string, texts: string[]) => ollama().embed(model, texts);
    const indexError = (error: unknown) => this.emit('index-error', toMnemoError(error).toJSON());
    this.indexer = new OutboxIndexer({
      store: this.store,
      vectors: this.vectors,
      embed,
      embeddingModel,
      now,
      ...options.indexer,
    });
    this.maintenance = new IndexMaintenance(this.store, this.vectors, embed);
    this.vectorLocation = new VectorLocationService({
      store: this.store,
      sidecar: this.sidecar,
      vectors: this.vectors,
      onDisk,
      inMemory,
      maintenance: this.maintenance,
      chromaDir: paths.chroma,
      embeddingModel,
      onError: indexError,
    });
    this.vectorIndex = new VectorIndexService({
      location: this.vectorLocation,
      sidecar: this.sidecar,
      vectors: this.vectors,
      maintenance: this.maintenance,
      indexer: this.indexer,
      embeddingModel,
      closed: isClosed,
      onError: indexError,
      onJobProgress: (p) => this.emit('index-progress', p),
    });
    this.embeddingSwitch = new EmbeddingSwitch({
      store: this.store,
      ollama,
      maintenance: this.maintenance,
      indexer: this.indexer,
      activate: (model) => this.settings.update({ embeddingModel: model }),
      closed: isClosed,
      onError: indexError,
    });
    this.queries = new QueryEmbedder(ollama, embeddingModel);
    const embedQuery = (text: string) => this.queries.embed(text);
    this.deletedMemories = new DeletedMemories({ store: this.store, undoWindowMs: config.privacy.undoWindowMs, now });
    this.imports = new ImportUploads({
      store: () => this.store,
      settings: () => this.settings.get(),
      cutText: (text) => chunkTextInSlices(text, this.chunkOptions()),
      onProgress: (progress) => this.emit('import-progress', progress),
    });
    this.memory = new ModelMemory({
      store: this.store,
      vectors: this.vectors,
      embedQuery: async (text) => (await ollama().embed(embeddingModel(), [text]))[0] ?? [],
      embeddingModel,
      onDelete: () => this.deletedMemories.deleted(),
    });
    this.review = new MemoryReviewQueue({
      store: this.store,
      memory: this.memory,
      mode: () => this.settings.get().memorySaveMode,
    });
    this.distiller = new MemoryDistiller({
      store: this.store,
      generate: (request) => generateStructured(ollama(), { ...request, model: chatModel(), numCtx: 4096 }),
    });
    this.retriever = new HybridRetriever(this.store, this.vectors, embeddingModel, { now });
    this.assembler = new ContextAssembler({
      store: this.store,
      retriever: this.retriever,
      memory: this.memory,
      countTokens,
      embedQuery,
      settings: () => ({
        systemPrompt: this.settings.get().systemPrompt,
        crossConversationDefault: this.settings.get().crossConversationDefault,
      }),
    });
    this.summarizer = new Summarizer({
      store: this.store,
      generate: (messages, signal) =>
        generateText(ollama(), { model: chatModel(), messages, ...(signal ? { signal } : {}) }),
      countTokens,
      model: chatModel,
    });
    this.turnContexts = new TurnContexts(this.store, () => this.settings.get().systemPrompt);
    this.windows = new ModelWindows({ ollama, settings: () => this.settings.get() });
    this.chat = new ChatService({
      store: this.store,
      turnContexts: this.turnContexts,
      ollama: ollama(),
      assembler: this.assembler,
      summarizer: this.summarizer,
      windows: this.windows,
      tools: new ToolRunner(this.memory, this.review, this.retriever, embedQuery),
      settings: () => {
        const s = this.settings.get();
        return {
          chatModel: s.chatModel,
          contextLength: s.contextLength,
          reservedOutputTokens: s.reservedOutputTokens,
          crossConversationDefault: s.crossConversationDefault,
        };
      },
      cutText: (text) => chunkTextInSlices(text, this.chunkOptions()),
      now,
    });
    this.ollama.onReplaced((client) => {
      this.windows.clear();
      this.chat.useOllama(client);
    });
    this.userSettings = new SettingsService({
      dataDir: config.dataDir,
      store: this.store,
      settings: this.settings,
      ollama: this.ollama,
      catalog: this.models,
      capabilities: (model) => this.windows.capabilities(model),
      embeddingSwitch: this.embeddingSwitch,
    });
    this.branches = new Branches({ store: this.store, busy: (id) => this.chat.isBusy(id) });
    this.forgetEverywhere = new ForgetEverywhere({
      store: this.store,
      retriever: this.retriever,
      memory: this.memory,
      embedQuery,
    });
    this.idleSummaries = new IdleSummaries({
      store: this.store,
      summarizer: this.summarizer,
      idleMs: () => this.settings.get().idleSummaryMs,
      limits: async () => summaryBudget(await this.windows.promptWindow(chatModel())),
      busy: (id) => this.chat.isBusy(id),
      now,
      onError: (error) => this.noticeDamage(toMnemoError(error)),
    });
    this.extraction = new IdleExtraction({
      store: this.store,
      review: this.review,
      generate: (request) => generateStructured(ollama(), { ...request, model: chatModel(), numCtx: 8192 }),
      modelUsesTools: async () => (await this.userSettings.memoryMode()) === 'tools',
      idleMs: () => this.settings.get().idleSummaryMs,
      busy: (id) => this.chat.isBusy(id),
      now,
      onError: (error) => this.emit('extraction-error', error),
    });
    this.monitoring = new Monitoring({
      store: this.store,
      paths,
      settings: () => this.settings.get(),
      now,
      ...(options.appVersion ? { appVersion: options.appVersion } : {}),
    });
    this.indexer.on('progress', (p) => this.monitoring.count('indexed', p.batch));
    this.sidecar.on('state', (state: string) => {
      if (state === 'restarting') this.monitoring.count('chroma-down');
    });
    this.sidecar.on('restarted', () => this.monitoring.count('chroma-restart'));
    this.indexer.on('error', (e) =>
      this.emit('index-error', { code: e.code as SerializedError['code'], message: e.message }),
    );
    this.chat.on('event', (e) => this.emit('chat', e));
    this.on('chat', (e) => e.type === 'turn-error' && this.noticeDamage(e.error));
    this.on('index-error', (e) => this.noticeDamage(e));
    this.on('extraction-error', (e) => this.noticeDamage(e));
    this.services = this.createServices(now);
    this.internals = this.createInternals();
    this.lifetime.add(this.ollama);
    this.lifetime.add(this.chroma);
    this.lifetime.add(this.imports);
    this.lifetime.add(this.pulls);
    this.lifetime.add(this.profile);
  }

  private createInternals(): EngineInternals {
    const ollama = this.ollama;
    return {
      store: this.store,
      settings: this.settings,
      get ollama() {
        return ollama.current();
      },
      sidecar: this.sidecar,
      vectors: this.vectors,
      vectorLocation: this.vectorLocation,
      vectorIndex: this.vectorIndex,
      indexer: this.indexer,
      maintenance: this.maintenance,
      embeddingSwitch: this.embeddingSwitch,
      queries: this.queries,
      memory: this.memory,
      review: this.review,
      extraction: this.extraction,
      retriever: this.retriever,
      assembler: this.assembler,
      summarizer: this.summarizer,
      chat: this.chat,
      idleSummaries: this.idleSummaries,
      monitoring: this.monitoring,
    };
  }

  /**
   * Starts the profile's parts, each registered as it starts, so disposal runs backwards:
   * replies stop first; then the background runs; then the end-of-session summaries (which
   * still index and use Chroma); then the indexer, the reconciliation, Chroma; the session's
   * undo windows and temporary chats end; the database (registered by ActiveProfile) closes last.
   */
  private async startProfile(profile: DisposableStore, run: ProfileRun): Promise<void> {
    // Undo windows and temporary chats end with the session that opened them (after a crash, at the next start).
    const endSession = () => {
      this.deletedMemories.purgeAll();
      this.store.deleteTemporaryConversations();
    };
    endSession();
    profile.add(toDisposable(endSession));
    profile.add(toDisposable(() => this.vectors.forgetCollections()));
    profile.add(this.vectorLocation);
    try {
      await this.vectorIndex.start();
    } catch (error) {
      // Keyword retrieval works without Chroma; the sidecar keeps retrying in the background.
      this.emit('index-error', toMnemoError(error, 'CHROMA_DOWN').toJSON());
    }
    profile.add(toDisposable(() => this.vectorIndex.reconciled()));
    // Registered even when not started here: a test (or the bench) may start them by hand.
    profile.add(run.indexer ? this.indexer.start() : this.indexer);
    profile.add(this.idleSummaries.endOfSession(() => this.endOfSessionMs));
    profile.add(run.background ? this.idleSummaries.start() : this.idleSummaries);
    profile.add(run.background ? this.extraction.start() : this.extraction);
    profile.add(this.monitoring.pruner.start());
    profile.add(toDisposable(() => this.chat.forgetContexts()));
    // A stopped reply still writes its partial text: let it, before anything it uses goes.
    profile.add(toDisposable(async () => void (await this.stopReplies(5_000))));
  }

  /** After delete-all: a new, empty database in the same file, with a new key; settings back to defaults. */
  private openFreshProfile(): void {
    const { database } = dataPaths(this.config.dataDir);
    // The new profile gets a new key: the old one must not open copies of the old data.
    this.store.replaceDatabase(openDatabase(database, this.databaseOptions(this.options.keys.renew())).db);
    // Settings lived in the old file: back to the defaults (and their Ollama host).
    this.userSettings.apply({});
  }

  /** Stops every reply being written; true once none is left within `timeoutMs`. */
  private stopReplies(timeoutMs: number): Promise<boolean> {
    this.chat.stopAll();
    return this.chat.settled(timeoutMs);
  }

  private createServices(now: () => number): EngineServices {
    const turns = this.chat;
    return {
      chat: new ChatCommands(this.chat, this.turnContexts),
      conversations: new ConversationService({
        store: this.store,
        turns,
        branches: this.branches,
        retriever: this.retriever,
        closed: () => this.closed,
      }),
      memory: new MemoryService({
        store: this.store,
        memory: this.memory,
        review: this.review,
        distiller: this.distiller,
        forgetEverywhere: this.forgetEverywhere,
        turns,
      }),
      data: new DataService({
        store: () => this.store,
        imports: this.imports,
        keys: this.options.keys,
        now,
        afterImport: () => this.userSettings.apply({}),
        deleteAll: () => this.profile.deleteAll(),
        vectorIndex: this.vectorIndex,
      }),
      status: new StatusService({
        dataDir: this.config.dataDir,
        store: this.store,
        settings: this.userSettings,
        ollama: () => this.ollama.current(),
        vectorIndex: this.vectorIndex,
        indexer: this.indexer,
        monitoring: this.monitoring,
      }),
      models: new ModelsService({ catalog: this.models, pulls: this.pulls }),
      settings: this.userSettings,
      tags: new TagService(this.store),
    };
  }

  /** Read at each write, so a chunk size changed in Settings applies to new messages. */
  private chunkOptions(): ChunkOptions {
    return { chunkTokens: this.settings.get().chunkTokens };
  }

  private databaseOptions(key: Buffer | null) {
    return {
      backupDir: dataPaths(this.config.dataDir).backups,
      key,
      ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
    };
  }

  /** Opens the data folder and starts the sidecar and indexer. Chroma trouble degrades, never blocks. */
  static async open(options: EngineOptions): Promise<Engine> {
    makeDataFolderPrivate(options.config.dataDir);
    // A migration a crash cut short is undone first (its backup put back): that file is not damaged.
    recoverInterruptedMigration(dataPaths(options.config.dataDir).database);
    // A damaged or lost database waits for the user's choice (the start-up problem screen):
    // opening it would fail later with SQLite's raw words, or start an empty profile silently.
    const problem = inspectProfile(dataPaths(options.config.dataDir), {
      key: options.keys.databaseKey,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    if (problem) throw new ProfileUnavailableError(problem);
    // Open from here on: a crash before the next clean close means the next start checks every page.
    forgetCleanClose(dataPaths(options.config.dataDir));
    const engine = new Engine(options.config, options);
    engine.store.messages.recoverInterrupted();
    engine.sidecar.on('state', (state: string) => engine.emit('chroma-state', state));
    engine.sidecar.on('restarted', () => engine.vectorIndex.afterChromaRestart());
    await engine.profile.start({
      indexer: options.runIndexer !== false,
      background: options.runBackgroundSummaries !== false,
    });
    return engine;
  }

  /**
   * Releases everything in reverse order of creation (see `startProfile`); with `summarizeFor`
   * > 0, this session's conversations are summarised first, within that many ms. Calling it
   * again, or while it runs, waits for the same close. A part that fails to release does not
   * stop the others: the failures are reported together (DisposalError) once all are done,
   * and the profile is then not marked as closed cleanly.
   */
  close(options: { summarizeFor?: number } = {}): Promise<void> {
    this.closing ??= this.closeNow(options.summarizeFor ?? 0);
    return this.closing;
  }

  private async closeNow(summarizeFor: number): Promise<void> {
    this.closed = true;
    this.endOfSessionMs = summarizeFor;
    await this.lifetime.dispose();
    if (!this.damageSeen) markClosedCleanly(dataPaths(this.config.dataDir));
  }

  /**
   * Damage met during the session (a read or write SQLite called corrupt, in a turn, the indexer,
   * a background job or any call through the contract): no clean-close stamp, so the next start
   * checks every page and offers recovery.
   */
  noticeDamage(error: Pick<SerializedError, 'code'> | null | undefined): void {
    if (error?.code === 'DB_CORRUPT') this.damageSeen = true;
  }
}
