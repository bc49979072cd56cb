// A health hint in English, for the diagnostics a user pastes into a bug report (the Monitoring
// view words hints in the UI's language from the same codes and values).
import type { HealthHint } from '../../../shared/monitoring';

const percent = (share: number) => `${Math.round(share * 100)}%`;
const count = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => `${count(Math.round(n))} ms`;

/** What the figures show, in plain words. */
export function hintText(hint: HealthHint): string {
  switch (hint.id) {
    case 'prompt-squeezed':
      return `Recent turns take most of the prompt: no retrieved memories fit in ${percent(hint.share)} of turns.`;
    case 'chroma-unavailable':
      return `The vector index has been unavailable ${hint.timesToday === 1 ? 'once' : `${count(hint.timesToday)} times`} today.`;
    case 'keyword-only':
      return `${percent(hint.share)} of turns were answered with keyword search only: recall by meaning was not available.`;
    case 'index-behind': {
      const pace =
        hint.perMinute > 0
          ? ` At the last hour's pace (${count(Math.round(hint.perMinute))} a minute) that takes about ${minutes(hint.backlog / hint.perMinute)}.`
          : ' Nothing was indexed in the last hour.';
      return `Indexing is ${count(hint.backlog)} items behind.${pace}`;
    }
    case 'slow-embedding':
      return `Embedding takes ${ms(hint.ms)} per turn.`;
    case 'slow-assembly':
      return `Putting the context together takes ${ms(hint.ms)} per turn besides the embedding.`;
    case 'slow-first-token':
      return `The model takes ${(hint.ms / 1000).toFixed(1)} s to start answering.`;
    case 'slow-generation':
      return `Replies arrive at ${hint.tokensPerSecond.toFixed(1)} tokens per second.`;
  }
}

function minutes(n: number): string {
  if (n < 1.5) return 'a minute';
  if (n < 90) return `${Math.round(n)} minutes`;
  return `${Math.round(n / 60)} hours`;
}
