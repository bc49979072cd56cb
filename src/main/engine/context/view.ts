// The one translation of an assembled context into what the inspector shows (and what
// crosses to the renderer): its items, budget and timings; never the prompt messages.
import type { ContextView } from '../../../shared/contract';
import type { AssembledContext } from './types';

export function toContextView(context: AssembledContext): ContextView {
  return {
    conversationId: context.conversationId,
    items: context.items.map((i) => ({
      section: i.section,
      text: i.text,
      tokens: i.tokens,
      score: i.score,
      reason: i.reason,
      source: i.source,
      ...(i.timestamp !== undefined ? { timestamp: i.timestamp } : {}),
      ...(i.supersededBy ? { supersededBy: i.supersededBy } : {}),
    })),
    budget: context.budget,
    retrievalMode: context.retrievalMode,
    timings: context.timings,
  };
}
