export * from './model-memory';
export * from './validation';
