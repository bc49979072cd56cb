export { countTokens, cl100kCounter, type TokenCounter } from './tokens';
export { chunkText, reassemble, DEFAULT_CHUNK_TOKENS, type Chunk, type ChunkOptions } from './chunker';
