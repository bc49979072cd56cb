export * from './outbox-indexer';
export * from './index-maintenance';
export * from './records';
