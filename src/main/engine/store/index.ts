export { Store, type ForgetItem, type ForgetCounts } from './store';
export {
  openDatabase,
  databaseFiles,
  recoverInterruptedMigration,
  LATEST_SCHEMA_VERSION,
  type SqliteDatabase,
  type OpenDatabaseOptions,
  type OpenedDatabase,
} from './database';
export { MIGRATIONS, type Migration } from './migrations';
export type { StoreDeps, TextPiece } from './context';
export { chunkId, storedText } from './context';
export { timeOrderedId } from './time-ordered-id';
export { contentHash, type StoredEmbedding, type ChunkVectorListener, type MemoryVectorListener } from './embeddings';
export type { NearbyChunk } from '../retrieval/conversation-vectors';
export type { OutboxEntry, OutboxItemKind, OutboxOp } from './outbox';
export type { NewMessage, MessageHead, MessageUpdate } from './messages';
export type { NewMemory, StoredMemory, MemoryPatch, ListMemoriesOptions, MemoryKeywordHit } from './memories';
export type { NewSummary } from './summaries';
export type { NewConversation, ListConversationsOptions } from './conversations';
export type {
  ChunkTime,
  KeywordRank,
  KeywordRankOptions,
  KeywordSearchOptions,
  TermRow,
  TermRows,
  TermRowsOptions,
} from './chunks';
export type { TurnSide } from './held-chunks';
export { ftsTerms, toFtsQuery } from '../retrieval/keyword-query';
export type { TurnMetrics, TurnTotalsRow } from './metrics';
export type { NewProposal } from './memory-proposals';
export type { RecordedItem, TurnContextRecord } from './turn-contexts';
export {
  DATABASE_KEY_BYTES,
  databaseFileKind,
  newDatabaseKey,
  type DatabaseFileKind,
  type DatabaseKey,
} from './cipher';
export { shred, type EncryptionStep } from './encrypt-in-place';
export type { EngineEventKind } from './engine-events';
