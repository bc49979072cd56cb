export * from './chroma-sidecar';
export * from './chroma-client';
export * from './chroma-query';
export * from './free-port';
export * from './vector-index';
export * from './memory-vector-index';
export * from './switchable-vector-index';
