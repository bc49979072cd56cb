// A file attached to a message, shown in the thread as a closed block with its name and size:
// the text is there to read when opened, not a wall of text in the conversation.
import { formatSize, utf8Bytes, type Attachment } from '../../../shared/attachments';

export function AttachmentBlock({ attachment }: { attachment: Attachment }) {
  const lines = attachment.text.split('\n').length;
  return (
    <details className="attachment-block" data-testid="attachment-block">
      <summary>
        <span className="attachment-name">{attachment.name}</span>{' '}
        <span className="muted">
          {formatSize(utf8Bytes(attachment.text))} · {lines.toLocaleString()} {lines === 1 ? 'line' : 'lines'}
        </span>
      </summary>
      <pre tabIndex={0} aria-label={`Text of ${attachment.name}`}>
        {attachment.text}
      </pre>
    </details>
  );
}
