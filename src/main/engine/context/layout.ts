// How sections are written into the prompt, and what that formatting costs in tokens.
// Headings and per-item prefixes are counted once and cached, so assembling only adds
// stored counts (counting the whole prompt afresh would cost milliseconds per turn).
import type { ContextItem, ContextSection } from './types';

export const HEADINGS: Partial<Record<ContextSection, string>> = {
  core_memory: '\n\n## What you know about the user (kept by the user)\n',
  memory: '\n\n## Memories that may be relevant now\n',
  summary: '\n\n## Summary of the earlier part of this conversation\n',
  retrieved:
    '\n\n## Excerpts from earlier conversations that may be relevant (oldest first; later statements supersede earlier ones)\n',
};

/** Tokens a chat message costs beyond its text (role and separators, as chat templates add). */
export const MESSAGE_OVERHEAD = 4;
/** Safety allowance per joined piece: BPE can merge across a join by a token either way. */
export const JOIN_SLACK = 1;

const DAY_MS = 86_400_000;
/** Day numbers to their dates: every excerpt header has one, and most share a few days. */
const dates = new Map<number, string>();

export function formatDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = dates.get(day);
  if (date === undefined) {
    date = new Date(ms).toISOString().slice(0, 10);
    if (dates.size >= 10_000) dates.clear();
    dates.set(day, date);
  }
  return date;
}

export function memoryLine(text: string): string {
  return `- ${text}\n`;
}

export function excerptHeader(
  item: Pick<ContextItem, 'timestamp' | 'source' | 'supersededBy'>,
  role: string,
  current: boolean,
): string {
  const when = item.timestamp !== undefined ? formatDate(item.timestamp) : 'undated';
  if (item.supersededBy)
    return `\n[said on ${when}, ${role}${current ? ', this conversation' : ''}; out of date, now: ${item.supersededBy.current}] `;
  return `\n[${when}, ${role}${current ? ', this conversation' : ''}] `;
}

/**
 * Excerpts are written in groups, one per conversation and day, under one dated header; each
 * excerpt is then a line that names only who said it. A header per excerpt cost about 15 tokens
 * on turns that average 30, which left a third fewer excerpts in a small budget.
 */
export function excerptGroupHeader(timestamp: number | undefined, current: boolean): string {
  const when = timestamp !== undefined ? formatDate(timestamp) : 'undated';
  return `\n[${when}${current ? ', this conversation' : ''}]`;
}

export function excerptLine(role: string): string {
  return `\n${role}: `;
}

/** The group an excerpt is written in: its conversation and its day. */
export function excerptGroupKey(conversationId: string | undefined, timestamp: number | undefined): string {
  return `${conversationId ?? ''}\u0000${timestamp !== undefined ? Math.floor(timestamp / DAY_MS) : ''}`;
}

export class FormatCost {
  private readonly cache = new Map<string, number>();

  constructor(private readonly count: (text: string) => number) {}

  /** Token count of a string every prompt repeats, cached (headings, prefixes, dates, the system prompt). */
  of(text: string): number {
    let n = this.cache.get(text);
    if (n === undefined) {
      n = this.count(text);
      if (this.cache.size > 5000) this.cache.clear();
      this.cache.set(text, n);
    }
    return n;
  }
}
