export * from './outbox-indexer';
export * from './index-maintenance';
export * from './records';
export * from './vector-location';
