// Where the user writes. Enter sends, Shift+Enter starts a new line, Escape stops a reply
// being written. The draft's size is shown against what the prompt may hold, and a message
// that cannot fit says so before it is sent (and is not sent).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { overBudgetText, type MeasuredDraft } from '../lib/use-draft-measure';

export interface ComposerProps {
  draft: string;
  streaming: boolean;
  sending: boolean;
  disabledReason: string | null;
  onDraft: (text: string) => void;
  onSend: () => void;
  onStop: () => void;
  /** The composer takes focus whenever this changes; null leaves focus where it is. */
  focusKey: string | null;
  /** The draft against the budget (null until measured). */
  measure?: MeasuredDraft | null;
}

export function Composer({
  draft,
  streaming,
  sending,
  disabledReason,
  onDraft,
  onSend,
  onStop,
  focusKey,
  measure = null,
}: ComposerProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focusKey !== null) ref.current?.focus();
  }, [focusKey]);
  const tooLong = overBudgetText(measure);
  // Only a measure of the draft as it is now holds the send back; the engine checks again anyway.
  const canSend = !streaming && !sending && draft.trim().length > 0 && !(tooLong !== null && measure?.current);
  const describedBy = [disabledReason ? 'composer-hint' : null, tooLong ? 'composer-warning' : null]
    .filter(Boolean)
    .join(' ');
  return (
    <form
      className="composer"
      aria-label={t('composer.label')}
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) onSend();
      }}
    >
      <label htmlFor="composer-input" className="visually-hidden">
        {t('composer.message')}
      </label>
      <textarea
        id="composer-input"
        ref={ref}
        value={draft}
        rows={Math.min(10, Math.max(2, draft.split('\n').length))}
        placeholder={t('composer.placeholder')}
        aria-describedby={describedBy || undefined}
        aria-invalid={tooLong ? true : undefined}
        onChange={(e) => onDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            if (canSend) onSend();
          } else if (e.key === 'Escape' && streaming) {
            e.preventDefault();
            onStop();
          }
        }}
        data-testid="composer"
      />
      {tooLong && (
        <p id="composer-warning" className="composer-warning" role="alert" data-testid="composer-warning">
          {tooLong}
        </p>
      )}
      <div className="composer-actions">
        {measure && (
          <span
            className={`composer-measure${tooLong ? ' over' : ''}`}
            data-testid="composer-measure"
            title={t('composer.measureTitle')}
          >
            {t('composer.measure', { tokens: measure.tokens, available: measure.available })}
          </span>
        )}
        {disabledReason && (
          <span id="composer-hint" className="muted">
            {disabledReason}
          </span>
        )}
        {streaming ? (
          <button type="button" className="danger" onClick={onStop}>
            {t('composer.stop')}
          </button>
        ) : (
          <button type="submit" className="primary" disabled={!canSend}>
            {sending ? t('composer.sending') : t('composer.send')}
          </button>
        )}
      </div>
    </form>
  );
}
