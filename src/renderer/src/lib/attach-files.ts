// Reads files the user attaches (picked, dropped or pasted) into text, refusing early, with a
// reason, what the engine would refuse anyway: another type, over the size limit, not UTF-8.
import {
  ATTACHMENT_EXTENSIONS,
  MAX_ATTACHMENT_BYTES,
  formatSize,
  hasAttachableExtension,
} from '../../../shared/attachments';

export interface DraftAttachment {
  /** Tells two files of the same name apart in the list. */
  id: string;
  name: string;
  bytes: number;
  text: string;
}

export type ReadAttachment = { ok: true; attachment: DraftAttachment } | { ok: false; reason: string };

let nextId = 0;

export async function readAttachment(file: File): Promise<ReadAttachment> {
  const name = file.name || 'pasted.txt';
  if (!hasAttachableExtension(name)) {
    return { ok: false, reason: `"${name}" cannot be attached: only ${ATTACHMENT_EXTENSIONS.join(', ')} files can.` };
  }
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return {
      ok: false,
      reason: `"${name}" is too large to attach (${formatSize(file.size)}; the limit is ${formatSize(MAX_ATTACHMENT_BYTES)}).`,
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = utf8Text(bytes);
  if (text === null) return { ok: false, reason: `"${name}" is not UTF-8 text (it looks like a binary file).` };
  nextId += 1;
  return { ok: true, attachment: { id: `attachment-${nextId}`, name, bytes: file.size, text } };
}

/** The bytes as text, or null when they are not UTF-8 or hold a NUL (a binary file renamed). */
function utf8Text(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return text.includes('\u0000') ? null : text;
  } catch {
    return null;
  }
}
