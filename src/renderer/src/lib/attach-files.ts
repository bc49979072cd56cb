// Reads files the user attaches (picked, dropped or pasted) into text, refusing early, with a
// reason, what the engine would refuse anyway: another type, over the size limit, not UTF-8.
import { ATTACHMENT_EXTENSIONS, MAX_ATTACHMENT_BYTES, hasAttachableExtension } from '../../../shared/attachments';
import { i18n, t } from '../i18n';
import { formatBytes } from '../i18n/format';

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
    return { ok: false, reason: t('attachments.wrongType', { name, types: ATTACHMENT_EXTENSIONS.join(', ') }) };
  }
  if (file.size > MAX_ATTACHMENT_BYTES) {
    const size = (bytes: number) => formatBytes(i18n.language, bytes);
    return {
      ok: false,
      reason: t('attachments.tooLarge', { name, size: size(file.size), limit: size(MAX_ATTACHMENT_BYTES) }),
    };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = utf8Text(bytes);
  if (text === null) return { ok: false, reason: t('attachments.notText', { name }) };
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
