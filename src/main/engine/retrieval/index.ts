export * from './fusion';
export * from './retriever';
export { sameStatementKey } from './statement-key';
export { ftsTerms, toFtsQuery } from './keyword-query';
export { HeldConversationVectors, nearestOf, type NearbyChunk } from './conversation-vectors';
export { HeldMemoryVectors } from './memory-vectors';
