// The files attached to a draft, each a chip with its name, size and a remove button, and the
// reasons the last files picked could not be attached.
import { formatSize } from '../../../shared/attachments';
import type { DraftAttachment } from '../lib/attach-files';

export function AttachmentChips({
  files,
  onRemove,
}: {
  files: readonly DraftAttachment[];
  onRemove: (id: string) => void;
}) {
  if (files.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label="Attached files" data-testid="attachment-chips">
      {files.map((file) => (
        <li key={file.id} className="attachment-chip">
          <span className="attachment-name" title={file.name}>
            {file.name}
          </span>
          <span className="muted">{formatSize(file.bytes)}</span>
          <button type="button" aria-label={`Remove ${file.name}`} onClick={() => onRemove(file.id)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

export function AttachmentProblems({ problems, onDismiss }: { problems: readonly string[]; onDismiss: () => void }) {
  if (problems.length === 0) return null;
  return (
    <div className="attachment-problems" role="alert" data-testid="attachment-problems">
      {problems.map((problem) => (
        <p key={problem} className="composer-warning">
          {problem}
        </p>
      ))}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
