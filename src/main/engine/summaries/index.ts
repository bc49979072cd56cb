export * from './summarizer';
export * from './idle-summaries';
export * from './budget';
