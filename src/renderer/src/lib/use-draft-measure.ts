// The draft measured against what the prompt may hold, as the user types: asked of the engine
// (the same count the send is checked by) a moment after typing pauses, never per keystroke.
import { useEffect, useState } from 'react';
import type { DraftMeasure } from '../../../shared/contract';
import { getBridge } from '../bridge';
import { t } from '../i18n';

const PAUSE_MS = 250;

/** A measure, and whether it is of the draft as it is now (typing since makes it stale until measured again). */
export type MeasuredDraft = DraftMeasure & { current: boolean };

export function useDraftMeasure(
  conversationId: string | null,
  draft: string,
  model: string | null,
): MeasuredDraft | null {
  const [measure, setMeasure] = useState<{ draft: string; value: DraftMeasure } | null>(null);
  useEffect(() => {
    if (!draft.trim()) return;
    let current = true;
    const timer = setTimeout(() => {
      getBridge()
        .call('chat.measure', { conversationId, content: draft, ...(model ? { model } : {}) })
        .then((value) => current && setMeasure({ draft, value }))
        // Unmeasured (the engine is busy or the model unknown): the send still checks.
        .catch(() => undefined);
    }, PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [conversationId, draft, model]);
  return draft.trim() && measure ? { ...measure.value, current: measure.draft === draft } : null;
}

/** How much over, in words a user can act on; null when it fits. */
export function overBudgetText(measure: DraftMeasure | null): string | null {
  if (!measure || measure.tokens <= measure.available) return null;
  const over = measure.tokens - measure.available;
  return t('composer.tooLong', { tokens: measure.tokens, available: measure.available, over });
}
