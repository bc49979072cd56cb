// A file attached to a message, shown in the thread as a closed block with its name and size:
// the text is there to read when opened, not a wall of text in the conversation.
import { useTranslation } from 'react-i18next';
import { utf8Bytes, type Attachment } from '../../../shared/attachments';
import { useFormat } from '../i18n/format';

export function AttachmentBlock({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lines = attachment.text.split('\n').length;
  return (
    <details className="attachment-block" data-testid="attachment-block">
      <summary>
        <span className="attachment-name">{attachment.name}</span>{' '}
        <span className="muted">
          {f.bytes(utf8Bytes(attachment.text))} · {t('attachments.lines', { count: lines })}
        </span>
      </summary>
      <pre tabIndex={0} aria-label={t('attachments.textOf', { name: attachment.name })}>
        {attachment.text}
      </pre>
    </details>
  );
}
