// Where the user writes. Enter sends, Shift+Enter starts a new line, Escape stops a reply
// being written. The draft's size is shown against what the prompt may hold, and a message
// that cannot fit says so before it is sent (and is not sent). Text files can be attached with
// the Attach button, by dropping them on the composer or by pasting them.
import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ATTACHMENT_EXTENSIONS } from '../../../shared/attachments';
import type { DraftAttachment } from '../lib/attach-files';
import { overBudgetText, type MeasuredDraft } from '../lib/use-draft-measure';
import { AttachmentChips, AttachmentProblems } from './AttachmentChips';

export interface ComposerAttachments {
  files: readonly DraftAttachment[];
  problems: readonly string[];
  onAdd: (files: File[]) => void;
  onRemove: (id: string) => void;
  onDismissProblems: () => void;
}

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
  attachments?: ComposerAttachments;
}

const hasFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/** Drop and paste handlers that hand files to `onAdd` and leave everything else alone. */
function useFileTargets(onAdd: ((files: File[]) => void) | undefined) {
  const [dragging, setDragging] = useState(false);
  if (!onAdd) return { dragging: false, form: {}, onPaste: undefined };
  return {
    dragging,
    form: {
      onDragOver: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(true);
      },
      onDragLeave: (e: DragEvent) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      },
      onDrop: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        onAdd([...e.dataTransfer.files]);
      },
    },
    onPaste: (e: ClipboardEvent) => {
      if (e.clipboardData.files.length === 0) return;
      e.preventDefault();
      onAdd([...e.clipboardData.files]);
    },
  };
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
  attachments,
}: ComposerProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const { t } = useTranslation();
  const targets = useFileTargets(attachments?.onAdd);
  const attached = attachments?.files.length ?? 0;
  useEffect(() => {
    if (focusKey !== null) ref.current?.focus();
  }, [focusKey]);
  const tooLong = overBudgetText(measure);
  // Only a measure of the draft as it is now holds the send back; the engine checks again anyway.
  const canSend =
    !streaming && !sending && (draft.trim().length > 0 || attached > 0) && !(tooLong !== null && measure?.current);
  const describedBy = [disabledReason ? 'composer-hint' : null, tooLong ? 'composer-warning' : null]
    .filter(Boolean)
    .join(' ');
  return (
    <form
      className={`composer${targets.dragging ? ' dropping' : ''}`}
      aria-label="Write a message"
      {...targets.form}
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
        aria-describedby={describedBy || undefined}
        aria-invalid={tooLong ? true : undefined}
        onChange={(e) => onDraft(e.target.value)}
        onPaste={targets.onPaste}
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
      {attachments && (
        <>
          <AttachmentProblems problems={attachments.problems} onDismiss={attachments.onDismissProblems} />
          <AttachmentChips files={attachments.files} onRemove={attachments.onRemove} />
        </>
      )}
      {tooLong && (
        <p id="composer-warning" className="composer-warning" role="alert" data-testid="composer-warning">
          {tooLong}
        </p>
      )}
      <div className="composer-actions">
        {attachments && (
          <>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              accept={ATTACHMENT_EXTENSIONS.join(',')}
              data-testid="attach-input"
              onChange={(e) => {
                attachments.onAdd([...(e.target.files ?? [])]);
                e.target.value = '';
              }}
            />
            <button
              type="button"
              className="attach-button"
              onClick={() => fileInput.current?.click()}
              title={t('attachments.attachTitle', { types: ATTACHMENT_EXTENSIONS.join(', ') })}
            >
              {t('attachments.attach')}
            </button>
          </>
        )}
        {measure && (
          <span
            className={`composer-measure${tooLong ? ' over' : ''}`}
            data-testid="composer-measure"
            title="Tokens this message needs with the system prompt, of those the prompt may use"
          >
            {measure.tokens.toLocaleString()} / {measure.available.toLocaleString()} tokens
          </span>
        )}
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
