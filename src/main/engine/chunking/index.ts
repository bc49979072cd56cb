export { countTokens, cl100kCounter, type TokenCounter } from './tokens';
export {
  chunkText,
  chunkTextInSlices,
  reassemble,
  DEFAULT_CHUNK_TOKENS,
  type Chunk,
  type ChunkOptions,
  type SlicedChunkOptions,
} from './chunker';
