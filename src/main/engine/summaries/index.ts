export * from './summarizer';
export * from './idle-summaries';
