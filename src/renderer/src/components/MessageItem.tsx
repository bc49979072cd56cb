// One message: its text as Markdown, its state (streaming, stopped, failed), the tools it
// used, and the actions allowed on it (copy and delete always; "Why this reply?" on replies;
// regenerate and edit on any turn, which keep the old version a ‹ › away;
// what the caller adds, such as "Branch from here"). The user's own text is shown as typed, line breaks kept,
// and the files attached to it as closed blocks after it; Edit changes the text and keeps the files.
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMessage, type Attachment } from '../../../shared/attachments';
import type { Message } from '../../../shared/domain';
import type { MemoryNote, ToolNote } from '../lib/chat-thread';
import { AttachmentBlock } from './AttachmentBlock';
import { CodeText } from './CodeText';
import { Markdown } from './Markdown';

export interface MessageItemProps {
  message: Message;
  /** Where it sits in the conversation, for the feed's aria-posinset / aria-setsize. */
  position?: { index: number; count: number };
  tools?: ToolNote[];
  memoryNotes?: MemoryNote[];
  highlighted: boolean;
  canRegenerate: boolean;
  canEdit: boolean;
  /** False in a temporary chat: nothing is remembered from it. */
  canRemember: boolean;
  onCopy: (message: Message) => void;
  onRegenerate: () => void;
  /** A new version of this (user) message: its text as edited, the files it had kept. */
  onEdit: (content: string, attachments: Attachment[]) => Promise<boolean>;
  onRemember: (message: Message) => void;
  /** The Remember draft is being written for this message. */
  remembering?: boolean;
  /** "Forget this everywhere" (absent in a temporary chat, which keeps nothing to forget). */
  onForget?: (message: Message) => void;
  /** "Why this reply?": opens what a reply was answered with. */
  onExplain?: (message: Message) => void;
  /** Deletes this one message (the caller confirms first). */
  onDelete?: (message: Message) => void;
  /** Shown in the header: the ‹ n / m › switcher of a message with other versions. */
  versions?: ReactNode;
  /** More actions after the others ("Branch from here"). */
  moreActions?: ReactNode;
}

export function MessageItem({
  message,
  position,
  tools,
  memoryNotes,
  highlighted,
  canRegenerate,
  canEdit,
  canRemember,
  onCopy,
  onRegenerate,
  onEdit,
  onRemember,
  remembering,
  onForget,
  onExplain,
  onDelete,
  versions,
  moreActions,
}: MessageItemProps) {
  const [editing, setEditing] = useState<string | null>(null);
  const { t } = useTranslation();
  const who = message.role === 'user' ? 'You' : 'Mnemo';
  const parsed = useMemo(
    () => (message.role === 'user' ? parseMessage(message.content) : { text: message.content, attachments: [] }),
    [message.role, message.content],
  );
  return (
    <article
      id={`message-${message.id}`}
      className={`message ${message.role} ${message.status}${highlighted ? ' highlighted' : ''}`}
      aria-label={`${who}${message.status === 'streaming' ? ' (writing)' : ''}`}
      tabIndex={-1}
      aria-posinset={position ? position.index + 1 : undefined}
      aria-setsize={position?.count}
      data-testid={`message-${message.role}`}
      data-status={message.status}
    >
      <header className="message-head">
        <strong>{who}</strong>
        {message.model && message.role === 'assistant' && <span className="muted"> · {message.model}</span>}
        {message.status === 'stopped' && <span className="tag">stopped</span>}
        {message.status === 'streaming' && <span className="tag">writing…</span>}
        {versions}
      </header>
      {editing !== null ? (
        <form
          className="edit-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await onEdit(editing, parsed.attachments)) setEditing(null);
          }}
        >
          <label htmlFor={`edit-${message.id}`} className="visually-hidden">
            Edit message
          </label>
          <textarea
            id={`edit-${message.id}`}
            value={editing}
            rows={Math.min(12, editing.split('\n').length + 1)}
            onChange={(e) => setEditing(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(null);
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
            autoFocus
          />
          {parsed.attachments.length > 0 && (
            <p className="muted small">
              {t('attachments.keptOnEdit', {
                count: parsed.attachments.length,
                names: parsed.attachments.map((a) => a.name).join(', '),
              })}
            </p>
          )}
          <div className="row">
            <button type="submit" disabled={!editing.trim() && parsed.attachments.length === 0}>
              Save and resend
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : message.content && message.role === 'user' ? (
        <>
          {parsed.text && <p className="user-text">{parsed.text}</p>}
          {parsed.attachments.map((attachment, i) => (
            <AttachmentBlock key={i} attachment={attachment} />
          ))}
        </>
      ) : message.content ? (
        <Markdown text={message.content} />
      ) : message.status === 'streaming' ? (
        <p className="muted">Thinking…</p>
      ) : null}
      {tools && tools.length > 0 && (
        <p className="muted tools">Used {tools.map((t) => `${t.name}${t.ok ? '' : ' (failed)'}`).join(', ')}</p>
      )}
      {memoryNotes?.map((note) => (
        <p key={note.key} className={`memory-note ${note.tone}`} data-testid="memory-note">
          {note.text}
        </p>
      ))}
      {message.status === 'error' && message.error && (
        <p className="error" role="alert">
          This reply failed: <CodeText text={message.error.message} />
        </p>
      )}
      {editing === null && message.status !== 'streaming' && (
        <div className="message-actions">
          <button
            type="button"
            onClick={() => onCopy(message)}
            aria-label={`Copy ${who === 'You' ? 'your message' : 'reply'}`}
          >
            Copy
          </button>
          {message.role === 'assistant' && onExplain && (
            <button type="button" onClick={() => onExplain(message)}>
              Why this reply?
            </button>
          )}
          {message.role === 'user' && canRemember && (
            <button
              type="button"
              onClick={() => onRemember(message)}
              aria-label="Remember this message"
              disabled={remembering}
            >
              {remembering ? 'Preparing…' : 'Remember'}
            </button>
          )}
          {onForget && (
            <button
              type="button"
              onClick={() => onForget(message)}
              aria-label={`Forget this everywhere: ${who === 'You' ? 'your message' : 'reply'}`}
            >
              Forget everywhere
            </button>
          )}
          {canEdit && (
            <button type="button" onClick={() => setEditing(parsed.text)}>
              Edit
            </button>
          )}
          {canRegenerate && (
            <button type="button" onClick={onRegenerate}>
              Regenerate
            </button>
          )}
          {onDelete && (
            <button
              type="button"
              onClick={() => onDelete(message)}
              aria-label={`Delete ${who === 'You' ? 'your message' : 'this reply'}`}
            >
              Delete
            </button>
          )}
          {moreActions}
        </div>
      )}
    </article>
  );
}
