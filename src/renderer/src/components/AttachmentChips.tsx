// The files attached to a draft, each a chip with its name, size and a remove button, and the
// reasons the last files picked could not be attached.
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format';
import type { DraftAttachment } from '../lib/attach-files';

export function AttachmentChips({
  files,
  onRemove,
}: {
  files: readonly DraftAttachment[];
  onRemove: (id: string) => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  if (files.length === 0) return null;
  return (
    <ul className="attachment-chips" aria-label={t('attachments.list')} data-testid="attachment-chips">
      {files.map((file) => (
        <li key={file.id} className="attachment-chip">
          <span className="attachment-name" title={file.name}>
            {file.name}
          </span>
          <span className="muted">{f.bytes(file.bytes)}</span>
          <button
            type="button"
            aria-label={t('attachments.remove', { name: file.name })}
            onClick={() => onRemove(file.id)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

export function AttachmentProblems({ problems, onDismiss }: { problems: readonly string[]; onDismiss: () => void }) {
  const { t } = useTranslation();
  if (problems.length === 0) return null;
  return (
    <div className="attachment-problems" role="alert" data-testid="attachment-problems">
      {problems.map((problem) => (
        <p key={problem} className="composer-warning">
          {problem}
        </p>
      ))}
      <button type="button" onClick={onDismiss}>
        {t('attachments.dismiss')}
      </button>
    </div>
  );
}
