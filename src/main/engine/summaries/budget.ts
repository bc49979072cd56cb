// The one rule for how much a summarisation call may read and how long its summary may be,
// from the window the chat model really has. Overflow, idle and at-quit summaries all use it.

export interface PromptWindow {
  /** The model's window in tokens (the user's setting, else what the model reports). */
  contextLength: number;
  /** Tokens kept free for the model's reply. */
  reservedOutput: number;
}

export interface SummaryBudget {
  /** How much text one summarisation call may send. */
  maxInputTokens: number;
  /** Longest summary to keep. */
  maxSummaryTokens: number;
}

/** Share of the prompt's room a running summary may take. */
export const SUMMARY_SHARE = 0.12;

export function summaryBudget(window: PromptWindow): SummaryBudget {
  const available = window.contextLength - window.reservedOutput;
  return {
    maxInputTokens: Math.max(512, available),
    maxSummaryTokens: Math.max(64, Math.floor(available * SUMMARY_SHARE)),
  };
}
