export * from './fusion';
export * from './retriever';
export { ftsTerms, toFtsQuery } from './keyword-query';
