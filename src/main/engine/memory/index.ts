export * from './model-memory';
export * from './validation';
export * from './review-queue';
export * from './secret-guard';
export * from './distiller';
export * from './superseded';
export * from './versions';
export * from './fact-extraction';
