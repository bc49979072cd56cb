export * from './outbox-indexer';
export * from './index-maintenance';
export * from './records';
export * from './vector-location';
export * from './embedding-switch';
export * from './query-embedder';
export * from './vector-index-service';
