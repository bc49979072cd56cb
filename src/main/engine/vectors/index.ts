export * from './chroma-sidecar';
export * from './chroma-client';
export * from './vector-index';
