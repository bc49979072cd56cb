// A passphrase-encrypted export: the plain export's JSON text, sealed whole (scrypt + AES-256-GCM,
// engine/keys/sealed-box.ts) in a small JSON envelope. A layer around the plain format: the
// export is written and the import parsed exactly as before, inside. Format: docs/encrypted-export.md.
import { MnemoError } from '../../../shared/errors';
import { refusal } from '../problems';
import { isSealedBox, openSealed, seal, type SealedBox } from '../keys';

export const SEALED_EXPORT_FORMAT = 'mnemo-encrypted-export';

export interface SealedExport {
  format: typeof SEALED_EXPORT_FORMAT;
  version: 1;
  /** What is inside once opened (so a tool can say what it holds without the passphrase). */
  contains: 'mnemo-export';
  box: SealedBox;
}

/** Binds the ciphertext to its envelope: a box lifted out of a key file does not open as an export. */
const AAD = Buffer.from(`${SEALED_EXPORT_FORMAT}/1`);

export function sealExport(json: string, passphrase: string): string {
  if (passphrase.length < 8) throw refusal({ code: 'passphraseShort', min: 8 });
  const envelope: SealedExport = {
    format: SEALED_EXPORT_FORMAT,
    version: 1,
    contains: 'mnemo-export',
    box: seal(Buffer.from(json, 'utf8'), passphrase, undefined, AAD),
  };
  return JSON.stringify(envelope);
}

/** Whether `text` starts like a sealed export (cheap: it does not parse a plain export of gigabytes). */
export function isSealedExport(text: string): boolean {
  return text.trimStart().slice(0, 200).includes(`"format":"${SEALED_EXPORT_FORMAT}"`);
}

/** The plain export inside a sealed one; plain text passes through unchanged. */
export function openExport(text: string, passphrase: string | undefined): string {
  if (!isSealedExport(text)) return text;
  if (passphrase === undefined)
    throw new MnemoError(
      'PASSPHRASE_REQUIRED',
      'This export is encrypted. Enter the passphrase it was exported with.',
      { newProfile: false },
    );
  let envelope: SealedExport | null;
  try {
    envelope = JSON.parse(text) as SealedExport | null;
  } catch (error) {
    throw refusal({ code: 'sealedDamaged' }, undefined, { cause: error });
  }
  if (envelope?.version !== 1) throw refusal({ code: 'sealedVersion', version: String(envelope?.version) });
  // Checked before any key is derived: its scrypt costs come from the file.
  if (!isSealedBox(envelope.box)) throw refusal({ code: 'sealedDamaged' }, { reason: 'damaged' });
  return openSealed(envelope.box, passphrase, AAD).toString('utf8');
}

export const sealedExportFileName = (plainName: string): string =>
  plainName.replace(/\.json$/, '.mnemo-encrypted.json');
