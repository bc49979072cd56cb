export * from './errors';
export * from './domain';
