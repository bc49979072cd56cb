// A question's vector, with the embedding model whose vectors are queried now. Retrieval,
// the context assembler, the tools and forget-everywhere all ask here.
import type { OllamaClient } from '../llm';

export class QueryEmbedder {
  constructor(
    private readonly ollama: () => OllamaClient,
    private readonly model: () => string,
  ) {}

  /** The query's vector, or null while Ollama cannot give one (keyword retrieval still works). */
  async embed(text: string): Promise<number[] | null> {
    try {
      return (await this.ollama().embed(this.model(), [text]))[0] ?? null;
    } catch {
      return null;
    }
  }
}
