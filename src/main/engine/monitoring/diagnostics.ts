// "Copy diagnostics": what a bug report needs and nothing the user wrote. Versions, settings
// (the system prompt only by length), the store's figures, hints and the last turns' figures.
// Turn figures carry ids and counts, never message text.
import type { HealthHint, StoreFigures, TurnFigures } from '../../../shared/monitoring';
import type { UserSettings } from '../config';
import type { StatusForDiagnostics } from './monitoring';
import { hintText } from './hint-text';

export const DIAGNOSTIC_TURNS = 100;

export interface DiagnosticsInput {
  now: number;
  versions: Record<string, string | null>;
  settings: UserSettings;
  status: StatusForDiagnostics;
  store: StoreFigures;
  hints: HealthHint[];
  /** Newest first, as the store gives them. */
  recentTurns: TurnFigures[];
}

export function diagnosticsReport(input: DiagnosticsInput): string {
  const { systemPrompt, ...settings } = input.settings;
  return JSON.stringify(
    {
      generatedAt: new Date(input.now).toISOString(),
      versions: input.versions,
      settings: { ...settings, systemPromptChars: systemPrompt.length },
      status: input.status,
      store: input.store,
      hints: input.hints.map(hintText),
      lastTurns: input.recentTurns.slice(0, DIAGNOSTIC_TURNS),
    },
    null,
    2,
  );
}
