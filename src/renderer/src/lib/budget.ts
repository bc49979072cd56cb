// How the context window was spent, as bar segments: each section's share of the window,
// then the reserve kept for the reply, then what was left free.
import { CONTEXT_SECTIONS } from '../../../shared/context-sections';
import { t } from '../i18n';

export const SECTION_ORDER = CONTEXT_SECTIONS;

// Locale keys are camelCase: i18next reads "_memory" at the end of a key as a context suffix.
const LABEL_KEYS = {
  system: 'system',
  tools: 'tools',
  core_memory: 'coreMemory',
  memory: 'memory',
  summary: 'summary',
  retrieved: 'retrieved',
  recent: 'recent',
  user: 'user',
  reserved: 'reserved',
  free: 'free',
} as const;

/** A section's name in the current language; a section this renderer does not know keeps its key. */
export function sectionLabel(key: string): string {
  const known = Object.hasOwn(LABEL_KEYS, key) ? LABEL_KEYS[key as keyof typeof LABEL_KEYS] : null;
  return known ? t(`budget.section.${known}`) : key;
}

export interface BudgetInput {
  contextLength: number;
  reservedOutput: number;
  used: number;
  bySection: Record<string, number>;
}

export interface BudgetSegment {
  key: string;
  label: string;
  tokens: number;
  /** Share of the whole window, 0–100. */
  percent: number;
}

export function budgetSegments(budget: BudgetInput): BudgetSegment[] {
  const total = Math.max(budget.contextLength, 1);
  const known = new Set<string>(SECTION_ORDER);
  const keys = [
    ...SECTION_ORDER,
    ...Object.keys(budget.bySection)
      .filter((k) => !known.has(k))
      .sort(),
  ];
  const sections = keys
    .map((key) => ({ key, tokens: Math.max(0, budget.bySection[key] ?? 0) }))
    .filter((s) => s.tokens > 0);
  const used = sections.reduce((sum, s) => sum + s.tokens, 0);
  const reserved = Math.max(0, Math.min(budget.reservedOutput, total - used));
  const free = Math.max(0, total - used - reserved);
  const all = [...sections, { key: 'reserved', tokens: reserved }, { key: 'free', tokens: free }].filter(
    (s) => s.tokens > 0,
  );
  // Overfull windows (a bug or an override) still draw a bar that sums to 100%.
  const scale = Math.max(total, used + reserved + free);
  return all.map((s) => ({
    key: s.key,
    label: sectionLabel(s.key),
    tokens: s.tokens,
    percent: round2((s.tokens / scale) * 100),
  }));
}

export function usedPercent(budget: BudgetInput): number {
  return round2((budget.used / Math.max(budget.contextLength, 1)) * 100);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
