export * from './fusion';
export * from './retriever';
export { ftsTerms, toFtsQuery } from './keyword-query';
export { HeldConversationVectors, nearestOf, type NearbyChunk } from './conversation-vectors';
export { HeldMemoryVectors } from './memory-vectors';
