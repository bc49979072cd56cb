// A ChatGPT data export arrives as a ZIP; the chats are its conversations.json. This reads that
// one entry out of the ZIP as it streams (fflate's streaming Unzip: it works in the page, where
// yauzl, which needs Node's file system, would not), decoded to text in pieces for the import.
// The ZIP is read a slice at a time and inflating stops past a cap, so a ZIP bomb costs no
// more than the cap; reading stops as soon as the entry is complete.
import { Unzip, UnzipInflate, UnzipPassThrough, type UnzipFile } from 'fflate';
import { MAX_IMPORT_CHARS } from '../../../shared/contract';
import { MnemoError } from '../../../shared/errors';
import { i18n, t } from '../i18n';
import { formatBytes } from '../i18n/format';

/** A conversations.json the engine would take is at most three UTF-8 bytes a character. */
export const MAX_CONVERSATIONS_BYTES = MAX_IMPORT_CHARS * 3;
/** Small slices bound what one push can inflate to (DEFLATE expands at most about 1,000 times). */
const PUSH_BYTES = 16 * 1024;
const ENTRY = 'conversations.json';

export async function isZip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new MnemoError('INVALID_INPUT', message, { file: ENTRY, ...details });

/** Is this the export's conversations.json (at the top, or in the one folder the ZIP holds)? */
const isConversations = (name: string) => name === ENTRY || /^[^/]+\/conversations\.json$/.test(name);

/** The text of the ZIP's conversations.json, in pieces, without holding the ZIP or the text whole. */
export async function* conversationsFromZip(zip: Blob, options: { maxBytes?: number } = {}): AsyncGenerator<string> {
  const maxBytes = options.maxBytes ?? MAX_CONVERSATIONS_BYTES;
  const pieces: string[] = [];
  const decoder = new TextDecoder();
  let found = false;
  let complete = false;
  let inflated = 0;
  let failure: Error | null = null;

  const unzip = new Unzip((file: UnzipFile) => {
    if (found || !isConversations(file.name)) return;
    found = true;
    file.ondata = (error, data, final) => {
      if (failure) return;
      if (error) {
        failure = invalid(t('importZip.unreadable', { reason: error.message }));
        return;
      }
      inflated += data.length;
      if (inflated > maxBytes) {
        failure = invalid(t('importZip.tooLarge', { limit: formatBytes(i18n.language, maxBytes) }), {
          limit: maxBytes,
        });
        file.terminate();
        return;
      }
      pieces.push(decoder.decode(data, { stream: !final }));
      if (final) complete = true;
    };
    try {
      file.start();
    } catch {
      failure = invalid(t('importZip.method'));
    }
  });
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);

  const reader = zip.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      for (let at = 0; value && at < value.length && !failure && !complete; at += PUSH_BYTES)
        push(unzip, value.subarray(at, at + PUSH_BYTES));
      if (done && !failure && !complete) push(unzip, new Uint8Array(0), true);
      if (failure) throw failure;
      yield* pieces.splice(0).filter((piece) => piece.length > 0);
      if (done || complete) break;
    }
  } finally {
    // The rest of the ZIP (pictures, the HTML page) is not needed.
    await reader.cancel().catch(() => undefined);
  }
  if (!found) {
    throw invalid(t('importZip.noEntry'));
  }
  if (!complete) throw invalid(t('importZip.truncated'));
}

function push(unzip: Unzip, bytes: Uint8Array, final = false): void {
  try {
    unzip.push(bytes, final);
  } catch (error) {
    throw invalid(t('importZip.broken', { reason: error instanceof Error ? error.message : String(error) }));
  }
}
