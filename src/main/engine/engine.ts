// The engine's composition root: opens the store, starts the Chroma sidecar, connects to
// Ollama and runs the indexer. The Electron shell, the WebSocket adapter, tests, the bench
// and the recall evaluation all start Mnemo through `Engine.open`.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import type { AppStatus, ModelPullView } from '../../shared/contract';
import type { Problem } from '../../shared/problems';
import { MnemoError, toMnemoError, type SerializedError } from '../../shared/errors';
import { chunkText, chunkTextInSlices, countTokens, type ChunkOptions } from './chunking';
import { Branches, ChatService, ModelWindows, ToolRunner, TurnContexts, generateText, type ChatEvent } from './chat';
import { defaultUserSettings, EngineSettings, saveSettings, type EngineConfig, type UserSettings } from './config';
import { ContextAssembler, DEFAULT_SYSTEM_PROMPT } from './context';
import { HybridRetriever } from './retrieval';
import { ImportUploads, makeDataFolderPrivate, removeEngineData, type ImportProgress } from './data';
import { ForgetEverywhere } from './forget';
import {
  IndexMaintenance,
  OutboxIndexer,
  VectorLocationService,
  type IndexJobProgress,
  type VectorLocation,
} from './indexing';
import type { KeyProvider } from './keys';
import { DisposableStore, toDisposable } from './lifecycle';
import { OllamaClient } from './llm';
import { DeletedMemories, IdleExtraction, MemoryDistiller, MemoryReviewQueue, ModelMemory } from './memory';
import { generateStructured } from './llm/structured';
import {
  forgetCleanClose,
  inspectProfile,
  markClosedCleanly,
  ProfileUnavailableError,
  type ProfilePaths,
} from './profile';
import { Monitoring } from './monitoring';
import { ModelCatalog, ModelPulls, modelChoiceProblem } from './models';
import {
  ChatCommands,
  ConversationService,
  TagService,
  DataService,
  MemoryService,
  ModelsService,
  StatusService,
  type EngineServices,
} from './services';
import { openDatabase, recoverInterruptedMigration, Store } from './store';
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
  readonly indexer: OutboxIndexer;
  readonly maintenance: IndexMaintenance;
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
  private ollama: OllamaClient;
  private readonly sidecar: ChromaSidecar;
  private readonly vectors: SwitchableVectorIndex;
  /** Where the vector index lives (Chroma on disk, or memory only) and moving it. */
  private readonly vectorLocation: VectorLocationService;
  private readonly indexer: OutboxIndexer;
  private readonly maintenance: IndexMaintenance;
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
  /** What the contract (and anything outside the engine) calls: one small interface per area. */
  readonly services: EngineServices;
  /**
   * The test seam: the parts themselves, for tests, the bench and the evaluation scripts that
   * drive or inspect one directly (drain the indexer, read SQLite, kill Chroma). The app's
   * adapters (IPC, WebSocket) use only `services` and the events.
   */
  readonly internals: EngineInternals;
  private readonly chroma: SidecarConnection;
  private embeddingSwitch: AppStatus['indexing']['embeddingSwitch'] = null;
  /**
   * What lives as long as the engine (the Ollama client, Chroma's connection, downloads, the
   * profile below): close() disposes it, in reverse order of creation.
   */
  private readonly lifetime = new DisposableStore();
  /**
   * What lives as long as this profile's data: the database, the vector index and every
   * background run, registered as they are opened and started. startOver disposes it and opens
   * a new one in the same folder.
   */
  private profile: DisposableStore;
  /** How long the end-of-session summaries may take when the profile is disposed (close's `summarizeFor`). */
  private endOfSessionMs = 0;
  private closing: Promise<void> | null = null;
  private closed = false;
  private indexJob: IndexJobProgress | null = null;
  private deleting: Promise<void> | null = null;
  private reconciling: Promise<void> = Promise.resolve();
  private damageSeen = false;

  private constructor(
    readonly config: EngineConfig,
    readonly options: EngineOptions,
  ) {
    super();
    const paths = dataPaths(config.dataDir);
    const now = options.now ?? Date.now;
    this.store = Store.open(
      paths.database,
      {
        now,
        newId: options.newId ?? randomUUID,
        chunk: (text) => chunkText(text, this.chunkOptions()),
        countTokens,
      },
      this.databaseOptions(options.keys.databaseKey),
    );
    this.profile = this.newProfile();
    this.settings = new EngineSettings(this.store.settings, defaultUserSettings(config, DEFAULT_SYSTEM_PROMPT));
    this.ollama = this.createOllamaClient(this.settings.get().ollamaHost);
    this.models = new ModelCatalog(() => this.ollama);
    this.pulls = new ModelPulls({
      ollama: () => this.ollama,
      now,
      onProgress: (view) => this.emit('model-pull', view),
    });
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
    const embed = (model: string, texts: string[]) => this.ollama.embed(model, texts);
    this.indexer = new OutboxIndexer({
      store: this.store,
      vectors: this.vectors,
      embed,
      embeddingModel: () => this.embeddingModel(),
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
      embeddingModel: () => this.embeddingModel(),
      onError: (error) => this.emit('index-error', toMnemoError(error).toJSON()),
    });
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
      embedQuery: async (text) => (await this.ollama.embed(this.embeddingModel(), [text]))[0] ?? [],
      embeddingModel: () => this.embeddingModel(),
      onDelete: () => this.deletedMemories.deleted(),
    });
    this.review = new MemoryReviewQueue({
      store: this.store,
      memory: this.memory,
      mode: () => this.settings.get().memorySaveMode,
    });
    this.distiller = new MemoryDistiller({
      store: this.store,
      generate: (request) => generateStructured(this.ollama, { ...request, model: this.chatModel(), numCtx: 4096 }),
    });
    this.retriever = new HybridRetriever(this.store, this.vectors, () => this.embeddingModel());
    const embedQuery = (text: string) => this.embedQuery(text);
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
        generateText(this.ollama, { model: this.chatModel(), messages, ...(signal ? { signal } : {}) }),
      countTokens,
      model: () => this.chatModel(),
    });
    this.turnContexts = new TurnContexts(this.store, () => this.settings.get().systemPrompt);
    this.windows = new ModelWindows({ ollama: () => this.ollama, settings: () => this.settings.get() });
    this.chat = new ChatService({
      store: this.store,
      turnContexts: this.turnContexts,
      ollama: this.ollama,
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
      limits: async () => summaryBudget(await this.windows.promptWindow(this.chatModel())),
      busy: (id) => this.chat.isBusy(id),
      now,
      onError: (error) => this.noticeDamage(toMnemoError(error)),
    });
    this.extraction = new IdleExtraction({
      store: this.store,
      review: this.review,
      generate: (request) => generateStructured(this.ollama, { ...request, model: this.chatModel(), numCtx: 8192 }),
      modelUsesTools: async () => (await this.memoryMode()) === 'tools',
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
    this.maintenance.on('progress', (p) => {
      this.indexJob = p.done >= p.total ? null : p;
      this.emit('index-progress', p);
    });
    this.indexer.on('error', (e) =>
      this.emit('index-error', { code: e.code as SerializedError['code'], message: e.message }),
    );
    this.chat.on('event', (e) => this.emit('chat', e));
    this.on('chat', (e) => e.type === 'turn-error' && this.noticeDamage(e.error));
    this.on('index-error', (e) => this.noticeDamage(e));
    this.on('extraction-error', (e) => this.noticeDamage(e));
    this.services = this.createServices(now);
    this.internals = this.createInternals();
    this.lifetime.add(toDisposable(() => this.ollama.close()));
    this.lifetime.add(this.chroma);
    this.lifetime.add(this.imports);
    this.lifetime.add(this.pulls);
    this.lifetime.add(toDisposable(() => this.profile.dispose()));
    // A start-over under way finishes (or fails) before anything it uses goes.
    this.lifetime.add(toDisposable(() => this.deleting?.catch(() => undefined)));
  }

  private createInternals(): EngineInternals {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getter must read the current client
    const engine = this;
    return {
      store: this.store,
      settings: this.settings,
      get ollama() {
        return engine.ollama;
      },
      sidecar: this.sidecar,
      vectors: this.vectors,
      vectorLocation: this.vectorLocation,
      indexer: this.indexer,
      maintenance: this.maintenance,
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

  /** A profile's lifetime, holding its open database (the first thing opened, so the last closed). */
  private newProfile(): DisposableStore {
    const profile = new DisposableStore();
    profile.add(toDisposable(() => this.store.close()));
    return profile;
  }

  /**
   * Starts the profile's parts, each registered as it starts, so disposal runs backwards:
   * replies stop first; then the background runs; then the end-of-session summaries (which
   * still index and use Chroma); then the indexer, the reconciliation, Chroma; the session's
   * undo windows and temporary chats end; the database closes last.
   */
  private async startProfile(profile: DisposableStore, run: { indexer: boolean; background: boolean }): Promise<void> {
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
      await this.startVectorIndex();
    } catch (error) {
      // Keyword retrieval works without Chroma; the sidecar keeps retrying in the background.
      this.emit('index-error', toMnemoError(error, 'CHROMA_DOWN').toJSON());
    }
    profile.add(toDisposable(() => this.reconciling));
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
        prepare: (id) => this.prepareConversation(id),
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
        afterImport: () => this.updateSettings({}),
        deleteAll: () => this.deleteAll(),
        vectorIndex: {
          inMemory: () => this.vectorLocation.saved() === 'memory',
          moveTo: (location) => this.moveVectorIndex(location),
        },
      }),
      status: new StatusService({
        dataDir: this.config.dataDir,
        store: this.store,
        settings: this.settings,
        ollama: () => this.ollama,
        vectorIndexState: () => this.vectorIndexState(),
        indexer: this.indexer,
        indexJob: () => this.indexJob,
        memoryMode: () => this.memoryMode(),
        monitoring: this.monitoring,
        updateSettings: (patch, options) => this.saveSettings(patch, options),
        embeddingSwitch: () => this.embeddingSwitchState(),
      }),
      models: new ModelsService({ catalog: this.models, pulls: this.pulls }),
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
    engine.sidecar.on('restarted', () => engine.afterChromaRestart());
    await engine.startProfile(engine.profile, {
      indexer: options.runIndexer !== false,
      background: options.runBackgroundSummaries !== false,
    });
    return engine;
  }

  /** Moves the vector index into memory only, or back onto disk (Settings → Encryption). */
  async moveVectorIndex(location: VectorLocation): Promise<void> {
    // What it queues in the outbox reaches the indexer on its own (the outbox announces it).
    await this.vectorLocation.moveTo(location);
  }

  /** The vector index's state for the status bar: Chroma's, or ready/starting when held in memory. */
  vectorIndexState(): 'stopped' | 'starting' | 'ready' | 'not-responding' | 'restarting' {
    if (this.vectorLocation.saved() === 'disk') return this.sidecar.state;
    return this.vectorLocation.isLoading ? 'starting' : 'ready';
  }

  private async startVectorIndex(): Promise<void> {
    await this.vectorLocation.start();
    // Reading every id on both sides takes a minute at 100k messages: the first window does not
    // wait for it. Meanwhile a stale vector finds no row (dropped) and a missing one is owed.
    if (this.vectorLocation.saved() === 'disk') this.reconciling = this.reconcileAtStart();
  }

  /**
   * Readies a just-opened conversation's next turn (its vectors, read into memory). Runs in
   * the background, so it never throws: a conversation deleted meanwhile, or an engine
   * closing, simply leaves nothing ready.
   */
  prepareConversation(conversationId: string): void {
    if (this.closed) return;
    try {
      this.retriever.prepare(conversationId);
    } catch {
      // The next turn reads what it needs itself.
    }
  }

  /** The embedding model whose vectors are queried and written now. */
  embeddingModel(): string {
    return this.settings.get().embeddingModel;
  }

  chatModel(): string {
    return this.settings.get().chatModel;
  }

  /**
   * How the chat model keeps memory: 'tools' when it calls save_to_model_memory itself,
   * 'extraction' when it cannot (its /api/show lists no `tools`) and the idle pass proposes
   * facts instead; 'unknown' while Ollama cannot say.
   */
  async memoryMode(): Promise<'tools' | 'extraction' | 'unknown'> {
    try {
      return (await this.windows.capabilities(this.chatModel())).supportsTools ? 'tools' : 'extraction';
    } catch {
      return 'unknown';
    }
  }

  /** The query's vector with the active embedding model, or null while Ollama cannot give one. */
  async embedQuery(text: string): Promise<number[] | null> {
    try {
      return (await this.ollama.embed(this.embeddingModel(), [text]))[0] ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Saves a change from Settings: refused as a whole (INVALID_INPUT naming each field with its
   * reason) when any field is wrong or a chosen model cannot take its role in that Ollama.
   */
  saveSettings(patch: Partial<UserSettings>, options: { confirmRemoteHost?: string } = {}): Promise<UserSettings> {
    return saveSettings(
      {
        settings: this.settings,
        modelProblem: (choice) => this.modelProblem(choice),
        apply: (p, o) => this.updateSettings(p, o),
      },
      patch,
      options,
    );
  }

  /** Asks the Ollama at `host` (a client of its own when it is not the current one). */
  private async modelProblem(choice: {
    role: 'chat' | 'embedding';
    name: string;
    host: string;
  }): Promise<Problem | null> {
    if (choice.host === this.ollama.host) return modelChoiceProblem(this.models, choice);
    const client = this.createOllamaClient(choice.host);
    try {
      return await modelChoiceProblem(new ModelCatalog(() => client), choice);
    } finally {
      client.close();
    }
  }

  /** The embedding model being switched to, or the last switch that failed and why. */
  embeddingSwitchState(): AppStatus['indexing']['embeddingSwitch'] {
    return this.embeddingSwitch;
  }

  /**
   * Saves settings. A new Ollama host takes effect at once; a new embedding model is
   * switched to by re-embedding in the background (see `switchEmbeddingModel`).
   */
  updateSettings(patch: Partial<UserSettings>, options: { confirmRemoteHost?: string } = {}): UserSettings {
    const { embeddingModel, ...rest } = patch;
    const before = this.settings.get();
    const after = this.settings.update(rest, options);
    if (after.ollamaHost !== before.ollamaHost) this.replaceOllamaClient(after.ollamaHost);
    if (embeddingModel !== undefined && embeddingModel !== before.embeddingModel)
      this.startEmbeddingSwitch(embeddingModel);
    return after;
  }

  /** Runs the switch in the background; a failure is kept (Settings shows it beside the field) and clears the pending model. */
  private startEmbeddingSwitch(model: string): void {
    this.embeddingSwitch = { model, state: 'building', error: null };
    // Pending from now, so the settings answered at once show the model chosen, not the old one.
    this.store.settings.set('index.pendingEmbeddingModel', model);
    void this.switchEmbeddingModel(model).then(
      () => {
        if (this.embeddingSwitch?.model === model) this.embeddingSwitch = null;
      },
      (error: unknown) => {
        const failure = toMnemoError(error);
        if (this.closed) return;
        if (this.store.settings.get<string | null>('index.pendingEmbeddingModel') === model)
          this.store.settings.set('index.pendingEmbeddingModel', null);
        if (this.embeddingSwitch?.model === model)
          this.embeddingSwitch = { model, state: 'failed', error: failure.toJSON() };
        this.emit('index-error', failure.toJSON());
      },
    );
  }

  private createOllamaClient(host: string): OllamaClient {
    return new OllamaClient({
      host,
      requestTimeoutMs: this.config.ollama.requestTimeoutMs,
      streamIdleTimeoutMs: this.config.ollama.streamIdleTimeoutMs,
    });
  }

  private replaceOllamaClient(host: string): void {
    this.ollama.close();
    this.ollama = this.createOllamaClient(host);
    this.windows.clear();
    this.chat.useOllama(this.ollama);
  }

  /** Settles once the start-up reconciliation of the vector index with SQLite is over (never rejects). */
  indexReconciled(): Promise<void> {
    return this.reconciling;
  }

  private async reconcileAtStart(): Promise<void> {
    try {
      await this.reconcileIndex();
    } catch (error) {
      if (!this.closed) this.emit('index-error', toMnemoError(error, 'CHROMA_DOWN').toJSON());
    }
  }

  /** Brings Chroma in line with SQLite by id (lost, stale or foreign vectors); true when anything changed. */
  async reconcileIndex(): Promise<boolean> {
    const { removed, restored, queued } = await this.maintenance.reconcile(this.embeddingModel());
    return removed + restored + queued > 0;
  }

  /**
   * Switches the embedding model: embeds everything for the new model in the background
   * (progress events), then makes it the active one. Queries use the old model meanwhile.
   */
  async switchEmbeddingModel(model: string, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.ollama.showModel(model);
    this.store.settings.set('index.pendingEmbeddingModel', model);
    await this.maintenance.reembed(model, options);
    await this.indexer.drainDue();
    this.settings.update({ embeddingModel: model });
    this.store.settings.set('index.pendingEmbeddingModel', null);
    // Items written while the pass ran were indexed for the old model; catch them up.
    await this.maintenance.reembed(model, options);
  }

  /**
   * Runs from the sidecar's event, whatever the engine is doing then (closing, starting over with
   * its database closed): every failure is reported as an index error, never left unhandled.
   */
  private afterChromaRestart(): void {
    void this.reconcileAfterRestart().catch((error: unknown) =>
      this.emit('index-error', toMnemoError(error, 'CHROMA_DOWN').toJSON()),
    );
  }

  private async reconcileAfterRestart(): Promise<void> {
    if (this.closed || this.vectorLocation.saved() === 'memory') return;
    this.vectors.forgetCollections();
    try {
      await this.reconcileIndex();
    } finally {
      this.indexer.kick();
    }
  }

  /**
   * Deletes everything the engine keeps in the data folder (database with its journals,
   * Chroma's folder, backups) and carries on as a fresh, empty profile in the same place:
   * callers keep their Engine. Replies being written are stopped first.
   */
  deleteAll(): Promise<void> {
    if (this.closed) return Promise.reject(new MnemoError('INTERNAL', 'Mnemo is shutting down.'));
    this.deleting ??= this.startOver().finally(() => (this.deleting = null));
    return this.deleting;
  }

  private async startOver(): Promise<void> {
    if (!(await this.stopReplies(10_000)))
      throw new MnemoError('INTERNAL', 'A reply is still being written; nothing was deleted. Try again in a moment.');
    const run = {
      indexer: this.indexer.status().running,
      background: this.options.runBackgroundSummaries !== false,
    };
    // Whatever could not be released or removed, the engine must come back up: failures are reported after.
    const failures: unknown[] = [];
    await this.profile.dispose().catch((error: unknown) => failures.push(error));
    const paths = dataPaths(this.config.dataDir);
    try {
      removeEngineData(paths);
    } catch (error) {
      failures.push(error);
    }
    // The new profile gets a new key: the old one must not open copies of the old data.
    this.store.replaceDatabase(openDatabase(paths.database, this.databaseOptions(this.options.keys.renew())).db);
    this.profile = this.newProfile();
    this.indexJob = null;
    // Settings lived in the old file: back to the defaults (and their Ollama host).
    this.updateSettings({});
    await this.startProfile(this.profile, run);
    if (failures.length > 0) {
      const what = failures.map((f) => (f instanceof Error ? f.message : String(f))).join('; ');
      throw new MnemoError('INTERNAL', `Some of the data could not be deleted: ${what}`, undefined, {
        cause: failures[0],
      });
    }
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
