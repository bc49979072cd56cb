// Where the user writes. Enter sends, Shift+Enter starts a new line, Escape stops a reply
// being written.
import { useEffect, useRef } from 'react';

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
}

export function Composer({ draft, streaming, sending, disabledReason, onDraft, onSend, onStop, focusKey }: ComposerProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focusKey !== null) ref.current?.focus();
  }, [focusKey]);
  const canSend = !streaming && !sending && draft.trim().length > 0;
  return (
    <form
      className="composer"
      aria-label="Write a message"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSend) onSend();
      }}
    >
      <label htmlFor="composer-input" className="visually-hidden">
        Message
      </label>
      <textarea
        id="composer-input"
        ref={ref}
        value={draft}
        rows={Math.min(10, Math.max(2, draft.split('\n').length))}
        placeholder="Message Mnemo (Enter to send, Shift+Enter for a new line)"
        aria-describedby={disabledReason ? 'composer-hint' : undefined}
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
      <div className="composer-actions">
        {disabledReason && (
          <span id="composer-hint" className="muted">
            {disabledReason}
          </span>
        )}
        {streaming ? (
          <button type="button" className="danger" onClick={onStop}>
            Stop
          </button>
        ) : (
          <button type="submit" className="primary" disabled={!canSend}>
            {sending ? 'Sending…' : 'Send'}
          </button>
        )}
      </div>
    </form>
  );
}
