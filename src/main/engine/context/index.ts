export * from './assembler';
export * from './types';
export { HEADINGS, MESSAGE_OVERHEAD } from './layout';
export { DEFAULT_SYSTEM_PROMPT } from './system-prompt';
export { toContextView } from './view';
