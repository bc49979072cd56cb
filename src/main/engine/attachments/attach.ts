// Checks the files attached to a message and writes them into its text (the format is in
// shared/attachments.ts). Runs before the turn starts, so a refused file stores nothing.
import {
  ATTACHMENT_EXTENSIONS,
  MAX_ATTACHMENTS,
  MAX_ATTACHMENT_BYTES,
  cleanAttachmentName,
  composeMessage,
  formatSize,
  hasAttachableExtension,
  utf8Bytes,
  type Attachment,
} from '../../../shared/attachments';
import { MnemoError } from '../../../shared/errors';

function refuse(message: string, details: Record<string, unknown>): never {
  throw new MnemoError('INVALID_INPUT', `${message} Nothing was sent.`, { field: 'attachments', ...details });
}

function checkOne({ name, text }: Attachment): Attachment {
  const clean = cleanAttachmentName(name);
  if (!clean) refuse('An attached file has no name.', {});
  if (!hasAttachableExtension(clean)) {
    refuse(`"${clean}" cannot be attached: only ${ATTACHMENT_EXTENSIONS.join(', ')} files can.`, { name: clean });
  }
  const bytes = utf8Bytes(text);
  if (bytes > MAX_ATTACHMENT_BYTES) {
    refuse(
      `"${clean}" is too large to attach (${formatSize(bytes)}; the limit is ${formatSize(MAX_ATTACHMENT_BYTES)}).`,
      {
        name: clean,
        bytes,
        limit: MAX_ATTACHMENT_BYTES,
      },
    );
  }
  // A NUL never appears in text files; it is the mark of a binary file renamed.
  if (text.includes('\u0000') || text.includes('\uFFFD')) {
    refuse(`"${clean}" is not UTF-8 text (it looks like a binary file).`, { name: clean });
  }
  return { name: clean, text };
}

/** The message text with the attached files in it, or a typed error naming the file refused. */
export function withAttachments(text: string, attachments: readonly Attachment[] | undefined): string {
  if (!attachments || attachments.length === 0) return text;
  if (attachments.length > MAX_ATTACHMENTS) {
    refuse(`At most ${MAX_ATTACHMENTS} files can be attached to one message.`, { count: attachments.length });
  }
  return composeMessage(text, attachments.map(checkOne));
}
