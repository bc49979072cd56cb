// Sends an export file to the engine in parts, decoded as it is read: a file of any size the
// contract allows goes through, over IPC or the WebSocket (whose frames are capped), and the
// page never holds the whole text at once. The engine checks each part as it arrives, so a
// bad file is refused at its first bad entry, not after it was all sent. A ZIP (a ChatGPT
// export as downloaded) is opened here and its conversations.json sent the same way.
import { IMPORT_PART_CHARS, type ImportCounts, type MnemoBridge } from '../../../shared/contract';
import { conversationsFromZip, isZip } from './import-zip';

/** `passphrase` opens an encrypted export (the engine answers PASSPHRASE_REQUIRED without it). */
export async function importExportFile(bridge: MnemoBridge, file: Blob, passphrase?: string): Promise<ImportCounts> {
  const { importId } = await bridge.call('data.importBegin', {});
  try {
    // A ChatGPT export as downloaded (a ZIP) brings its conversations.json.
    const parts = (await isZip(file)) ? conversationsFromZip(file) : decodedParts(file);
    for await (const text of parts) {
      for (let at = 0; at < text.length; at += IMPORT_PART_CHARS)
        await bridge.call('data.importPart', { importId, text: text.slice(at, at + IMPORT_PART_CHARS) });
    }
    return await bridge.call('data.importFinish', { importId, ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch (error) {
    // The engine drops a failed import itself; this covers a read error on this side.
    await bridge.call('data.importCancel', { importId }).catch(() => undefined);
    throw error;
  }
}

/** The file's text in the pieces the browser reads it in (UTF-8 decoded across piece borders). */
async function* decodedParts(file: Blob): AsyncGenerator<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (value) yield value;
  }
}
