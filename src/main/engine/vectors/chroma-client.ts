// A chromadb client for the sidecar's address. Collections are made with
// `embeddingFunction: null` by VectorIndex: Mnemo embeds with Ollama itself.
import { ChromaClient } from 'chromadb';

export function createChromaClient(url: string): ChromaClient {
  const parsed = new URL(url);
  return new ChromaClient({ host: parsed.hostname, port: Number(parsed.port), ssl: parsed.protocol === 'https:' });
}
