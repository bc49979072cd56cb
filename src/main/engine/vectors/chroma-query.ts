// Nearest-neighbour queries sent straight to the sidecar over a keep-alive HTTP/1.1 connection.
// Every other Chroma call goes through the chromadb client; this one is on the path of every
// chat turn, where the client's fetch machinery (request validation, undici, web streams) cost
// about 1 ms of this process's CPU per query and doubled its slowest latencies (issue 6 has the
// figures). It is the same public REST endpoint the client posts to, with the same body.
import http from 'node:http';
import { ChromaConnectionError, ChromaNotFoundError, type Collection, type Where } from 'chromadb';
import { z } from 'zod';

export interface NearestQuery {
  embedding: number[];
  limit: number;
  where?: Where;
  withMetadata?: boolean;
}

export interface NearestResult {
  ids: string[];
  distances: (number | null)[];
  metadatas: (Record<string, unknown> | null)[];
}

// What Chroma answers for one query embedding; anything else is a broken answer, not an empty one.
const queryResponse = z.object({
  ids: z.array(z.array(z.string())).length(1),
  distances: z.array(z.array(z.number().nullable())).nullish(),
  metadatas: z.array(z.array(z.record(z.string(), z.unknown()).nullable())).nullish(),
});

export class ChromaQueryClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private readonly base: URL;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    this.base = new URL(baseUrl);
  }

  async nearest(
    collection: Pick<Collection, 'id' | 'tenant' | 'database'>,
    query: NearestQuery,
  ): Promise<NearestResult> {
    const path = `/api/v2/tenants/${encodeURIComponent(collection.tenant)}/databases/${encodeURIComponent(collection.database)}/collections/${encodeURIComponent(collection.id)}/query`;
    const body = JSON.stringify({
      query_embeddings: [query.embedding],
      n_results: query.limit,
      ...(query.where ? { where: query.where } : {}),
      include: query.withMetadata ? ['distances', 'metadatas'] : ['distances'],
    });
    const parsed = queryResponse.safeParse(await this.post(path, body));
    if (!parsed.success)
      throw new Error(
        `Chroma answered a query with something that is not a query result: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`,
      );
    const { ids, distances, metadatas } = parsed.data;
    return { ids: ids[0]!, distances: distances?.[0] ?? [], metadatas: metadatas?.[0] ?? [] };
  }

  /** Closes the kept-alive connections (the sidecar moved, or the engine is closing). */
  close(): void {
    this.agent.destroy();
  }

  private async post(path: string, body: string): Promise<unknown> {
    try {
      return await this.request(path, body);
    } catch (error) {
      // The server may close an idle kept-alive connection just as a request is written on it:
      // that request never reached it, so sending it once more on a fresh connection is safe.
      if (error instanceof StaleConnectionError) return this.request(path, body);
      throw error;
    }
  }

  private request(path: string, body: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.base.hostname,
          port: this.base.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          timeout: this.timeoutMs,
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part: Buffer) => parts.push(part));
          res.on('error', (error) =>
            reject(new ChromaConnectionError(`Chroma's answer was cut off: ${error.message}`)),
          );
          res.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              try {
                resolve(JSON.parse(text));
              } catch {
                reject(new Error(`Chroma answered a query with text that is not JSON (${text.length} bytes).`));
              }
            } else if (status === 404)
              reject(new ChromaNotFoundError(`The collection could not be found: ${errorMessage(text, status)}`));
            else reject(new Error(`Chroma refused a query: ${errorMessage(text, status)}`));
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new ChromaConnectionError(`Chroma did not answer a query within ${this.timeoutMs} ms.`)),
      );
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof ChromaConnectionError) return reject(error);
        if (req.reusedSocket && error.code === 'ECONNRESET') return reject(new StaleConnectionError());
        reject(new ChromaConnectionError(`Failed to connect to Chroma: ${error.message}`));
      });
      req.end(body);
    });
  }
}

class StaleConnectionError extends Error {}

function errorMessage(text: string, status: number): string {
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message =
      typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : null;
    if (message) return `${status}: ${message}`;
  } catch {
    // Not JSON: the status says enough.
  }
  return `${status}`;
}
