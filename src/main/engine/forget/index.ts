export * from './forget-everywhere';
