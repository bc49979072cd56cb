// The vector side of the store: one pair of collections (`ephemeral_logs`, `model_memory`)
// per embedding model, since vectors of different models do not mix. `VectorIndex` is what
// the engine needs of it; Chroma (on disk, this file) and memory-vector-index.ts (memory
// only) provide it. Either holds ids, vectors and filterable metadata only; the text stays in SQLite.
import { createHash } from 'node:crypto';
import {
  ChromaConnectionError,
  ChromaNotFoundError,
  type ChromaClient,
  type Collection,
  type Metadata,
  type Where,
} from 'chromadb';
import { MnemoError, isMnemoError } from '../../../shared/errors';
import type { ChromaQueryClient } from './chroma-query';

export type VectorKind = 'chunk' | 'memory';

export const COLLECTION_BASE: Record<VectorKind, string> = { chunk: 'ephemeral_logs', memory: 'model_memory' };

export type VectorMetadata = Record<string, string | number | boolean>;

export interface VectorRecord {
  id: string;
  embedding: ArrayLike<number>;
  metadata: VectorMetadata;
}

export interface VectorHit {
  id: string;
  /** Cosine distance: 0 is identical, 2 is opposite. */
  distance: number;
  metadata: VectorMetadata;
}

export interface ChunkFilter {
  conversationId?: string;
  excludeConversationId?: string;
  role?: string;
  type?: 'message' | 'summary';
  archived?: boolean;
}

/** Chroma collection name for a kind and embedding model: readable, unique, within Chroma's rules. */
export function collectionName(kind: VectorKind, model: string): string {
  // Asked for on every query; the hash is worth remembering.
  const key = `${kind}\u0000${model}`;
  let name = collectionNames.get(key);
  if (name === undefined) collectionNames.set(key, (name = nameOf(kind, model)));
  return name;
}

const collectionNames = new Map<string, string>();

function nameOf(kind: VectorKind, model: string): string {
  const slug =
    model
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
      .slice(0, 60) || 'model';
  const hash = createHash('sha256').update(model).digest('hex').slice(0, 8);
  return `${COLLECTION_BASE[kind]}-${slug}-${hash}`;
}

export function chunkWhere(filter: ChunkFilter): Where | undefined {
  const clauses: Where[] = [];
  if (filter.conversationId !== undefined) clauses.push({ conversation_id: filter.conversationId });
  if (filter.excludeConversationId !== undefined)
    clauses.push({ conversation_id: { $ne: filter.excludeConversationId } });
  if (filter.role !== undefined) clauses.push({ role: filter.role });
  if (filter.type !== undefined) clauses.push({ type: filter.type });
  if (filter.archived !== undefined) clauses.push({ archived: filter.archived });
  if (clauses.length === 0) return undefined;
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

const BATCH = 500;
const ID_PAGE = 5_000;

/** The sidecar at its current address: the chromadb client, and the direct query path for the chat turn. */
export interface ChromaConnection {
  client: ChromaClient;
  queries: ChromaQueryClient;
}

/** How long a call may go unanswered: a chat turn's query, and everything else. */
export interface ChromaDeadlines {
  queryMs: number;
  callMs: number;
}

const DEFAULT_DEADLINES: ChromaDeadlines = { queryMs: 3_000, callMs: 15_000 };

/** What the engine asks of a vector index, wherever it keeps its vectors. */
export interface VectorIndex {
  upsert(kind: VectorKind, model: string, records: readonly VectorRecord[]): Promise<void>;
  delete(kind: VectorKind, model: string, ids: readonly string[]): Promise<void>;
  query(
    kind: VectorKind,
    model: string,
    embedding: ArrayLike<number>,
    options: VectorQueryOptions,
  ): Promise<VectorHit[]>;
  count(kind: VectorKind, model: string): Promise<number>;
  /** Every id the collection holds (for reconciling with SQLite by id). */
  allIds(kind: VectorKind, model: string): Promise<Set<string>>;
  has(kind: VectorKind, model: string, ids: readonly string[]): Promise<Set<string>>;
  /** Drops a collection entirely (rebuilds start from an empty one). */
  drop(kind: VectorKind, model: string): Promise<void>;
  /** Forget cached collection handles (after the index's server restarted with lost data). */
  forgetCollections(): void;
}

export interface VectorQueryOptions {
  limit: number;
  where?: Where;
  withMetadata?: boolean;
}

export class ChromaVectorIndex implements VectorIndex {
  private readonly collections = new Map<string, Promise<Collection>>();

  /** `connection` returns the connection to the sidecar's current address. */
  constructor(
    private readonly connection: () => ChromaConnection,
    private readonly deadlines: ChromaDeadlines = DEFAULT_DEADLINES,
  ) {}

  async upsert(kind: VectorKind, model: string, records: readonly VectorRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += BATCH) {
      const batch = records.slice(i, i + BATCH);
      await this.withCollection(kind, model, (c) =>
        c.upsert({
          ids: batch.map((r) => r.id),
          embeddings: batch.map((r) => Array.from(r.embedding)),
          metadatas: batch.map((r) => r.metadata as Metadata),
        }),
      );
    }
  }

  async delete(kind: VectorKind, model: string, ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      await this.withCollection(kind, model, (c) => c.delete({ ids: batch }));
    }
  }

  /** Nearest items; metadata only when asked for (serialising it is most of a deep query's cost). */
  async query(
    kind: VectorKind,
    model: string,
    embedding: ArrayLike<number>,
    options: VectorQueryOptions,
  ): Promise<VectorHit[]> {
    const { queries } = this.connection();
    const { ids, distances, metadatas } = await this.withCollection(
      kind,
      model,
      (c) =>
        queries.nearest(c, {
          embedding: Array.from(embedding),
          limit: options.limit,
          ...(options.where ? { where: options.where } : {}),
          ...(options.withMetadata ? { withMetadata: true } : {}),
        }),
      this.deadlines.queryMs,
    );
    return ids.map((id, i) => ({ id, distance: distances[i] ?? 2, metadata: (metadatas[i] ?? {}) as VectorMetadata }));
  }

  async count(kind: VectorKind, model: string): Promise<number> {
    return this.withCollection(kind, model, (c) => c.count());
  }

  /** Every id the collection holds, read in pages (for reconciling with SQLite by id). */
  async allIds(kind: VectorKind, model: string): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let offset = 0; ; offset += ID_PAGE) {
      const page = await this.withCollection(kind, model, (c) => c.get({ include: [], limit: ID_PAGE, offset }));
      for (const id of page.ids) ids.add(id);
      if (page.ids.length < ID_PAGE) return ids;
    }
  }

  async has(kind: VectorKind, model: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const got = await this.withCollection(kind, model, (c) => c.get({ ids: [...ids], include: [] }));
    return new Set(got.ids);
  }

  /** Drops a collection entirely (rebuilds start from an empty one). */
  async drop(kind: VectorKind, model: string): Promise<void> {
    const name = collectionName(kind, model);
    this.collections.delete(name);
    try {
      await withDeadline(
        this.connection().client.deleteCollection({ name }),
        this.deadlines.callMs,
        'delete a collection',
      );
    } catch (error) {
      if (!isNotFound(error)) throw toChromaError(error);
    }
  }

  /** Forget cached collection handles (after the sidecar restarted with lost data). */
  forgetCollections(): void {
    this.collections.clear();
  }

  /**
   * Runs `work` on the collection, the lookup and the call together within `deadlineMs`: a
   * server that accepts connections but never answers (stopped, hung) costs a caller that
   * long and no longer, every time, never a wait without end.
   */
  private async withCollection<T>(
    kind: VectorKind,
    model: string,
    work: (c: Collection) => Promise<T>,
    deadlineMs = this.deadlines.callMs,
  ): Promise<T> {
    const name = collectionName(kind, model);
    for (let attempt = 0; ; attempt++) {
      try {
        return await withDeadline(this.collection(name, kind, model).then(work), deadlineMs, 'answer');
      } catch (error) {
        this.collections.delete(name);
        // A collection recreated under us (data folder lost) gets a new id: look it up once more.
        if (attempt === 0 && isNotFound(error)) continue;
        throw toChromaError(error);
      }
    }
  }

  private collection(name: string, kind: VectorKind, model: string): Promise<Collection> {
    let pending = this.collections.get(name);
    if (!pending) {
      pending = this.connection().client.getOrCreateCollection({
        name,
        embeddingFunction: null,
        configuration: { hnsw: { space: 'cosine' } },
        metadata: { kind, embedding_model: model },
      });
      pending.catch(() => this.collections.delete(name));
      this.collections.set(name, pending);
    }
    return pending;
  }
}

/** `work`'s result, or CHROMA_DOWN once `ms` have passed without one (the call is left to fail on its own). */
function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new MnemoError('CHROMA_DOWN', `The vector index (Chroma) did not ${what} within ${ms} ms.`, {
            deadlineMs: ms,
          }),
        ),
      ms,
    );
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const isNotFound = (error: unknown): boolean =>
  error instanceof ChromaNotFoundError || /not.?found|does not exist/i.test(String((error as Error)?.message));

function toChromaError(error: unknown): MnemoError {
  if (isMnemoError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const unreachable =
    error instanceof ChromaConnectionError || /fetch failed|ECONNREFUSED|ECONNRESET|socket|network/i.test(message);
  return unreachable
    ? new MnemoError('CHROMA_DOWN', `The vector index is not reachable right now: ${message}`, undefined, {
        cause: error,
      })
    : new MnemoError('INTERNAL', `The vector index refused a request: ${message}`, undefined, { cause: error });
}
