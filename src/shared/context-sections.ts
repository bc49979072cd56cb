// The prompt's sections, in the order the assembler writes them: the engine builds the prompt in
// this order and the renderer draws the budget bar and the inspector in it, so it is written once.
export const CONTEXT_SECTIONS = [
  'system',
  'tools',
  'core_memory',
  'memory',
  'summary',
  'retrieved',
  'recent',
  'user',
] as const;

export type ContextSection = (typeof CONTEXT_SECTIONS)[number];
