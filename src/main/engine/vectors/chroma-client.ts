// The chromadb client for the sidecar's address, and the connection pair the vector index uses.
// Collections are made with `embeddingFunction: null` by VectorIndex: Mnemo embeds with Ollama itself.
import { ChromaClient } from 'chromadb';
import { ChromaQueryClient } from './chroma-query';
import type { ChromaConnection } from './vector-index';

export function createChromaClient(url: string): ChromaClient {
  const parsed = new URL(url);
  return new ChromaClient({ host: parsed.hostname, port: Number(parsed.port), ssl: parsed.protocol === 'https:' });
}

/** The connection to wherever the sidecar listens now, made anew (and the old one closed) when it moves. */
export class SidecarConnection {
  private open: (ChromaConnection & { url: string }) | null = null;

  constructor(
    private readonly url: () => string,
    private readonly queryTimeoutMs: number,
  ) {}

  current(): ChromaConnection {
    const url = this.url();
    if (this.open?.url !== url) {
      this.open?.queries.close();
      this.open = { url, client: createChromaClient(url), queries: new ChromaQueryClient(url, this.queryTimeoutMs) };
    }
    return this.open;
  }

  /** Closes the open connection; the next `current()` makes a new one. */
  dispose(): void {
    this.open?.queries.close();
    this.open = null;
  }
}
