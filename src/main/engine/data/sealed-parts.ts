// An export arrives in parts and a plain one is parsed as it arrives (export-reader.ts). An
// encrypted one cannot be: its text is one sealed box, opened only whole and only with the
// passphrase, which comes with `finish`. So the first characters are held only until they show
// which kind the file is (a few dozen: a bad plain file is still refused at its first part); a plain file then flows on unchanged, an encrypted one is kept (up to a cap)
// and opened at the end. Its plain text then meets the same reader, limits and checks.
import { MAX_IMPORT_CHARS } from '../../../shared/contract';
import { invalidExport } from './export-reader';
import { isSealedExport, openExport, SEALED_EXPORT_FORMAT } from './sealed-export';

/** How an encrypted export begins (sealExport writes the format first; blanks are ignored). */
const SEALED_START = `{"format":"${SEALED_EXPORT_FORMAT}"`;
/**
 * An encrypted export is base64 of the UTF-8 plain text (4 characters per 3 bytes, up to 3 bytes
 * per character): this cap lets through any plain export within MAX_IMPORT_CHARS that is mostly
 * ASCII, and the opened text is held to MAX_IMPORT_CHARS by the reader.
 */
export const MAX_SEALED_CHARS = Math.ceil((MAX_IMPORT_CHARS * 4) / 3) + 64 * 1024;

/**
 * Held at most before the file counts as plain: Mnemo writes the opening with at most a few
 * blanks, so a start still undecided after this much is blank padding, read on as it arrives.
 */
const MAX_UNDECIDED_CHARS = 64 * 1024;

export class SealedPartsBuffer {
  private kind: 'undecided' | 'plain' | 'sealed' = 'undecided';
  private held: string[] = [];
  private heldChars = 0;

  /** Characters held here (not yet given to the reader). */
  get chars(): number {
    return this.heldChars;
  }

  /** Returns the text to read now ('' while holding). */
  take(part: string): string {
    if (this.kind === 'plain') return part;
    this.hold(part);
    if (this.kind === 'sealed') return '';
    const start = this.held.join('').replace(/\s+/g, '').slice(0, SEALED_START.length);
    if (start.startsWith(SEALED_START)) this.kind = 'sealed';
    // Blanks between the opening's tokens could keep it undecided, and held, without end.
    else if (!SEALED_START.startsWith(start) || this.heldChars > MAX_UNDECIDED_CHARS) this.kind = 'plain';
    return this.kind === 'plain' ? this.release() : '';
  }

  /** At the end: the held plain text, or the encrypted file opened with `passphrase`. */
  end(passphrase: string | undefined): string {
    const text = this.held.join('');
    if (this.kind === 'plain' || !isSealedExport(text)) {
      this.kind = 'plain';
      return this.release();
    }
    this.kind = 'sealed';
    const opened = openExport(text, passphrase);
    this.release();
    return opened;
  }

  private hold(part: string): void {
    this.heldChars += part.length;
    if (this.heldChars > MAX_SEALED_CHARS) {
      throw invalidExport(
        `That encrypted file is too large to import (more than ${Math.round(MAX_SEALED_CHARS / 1024 / 1024)} Mi characters).`,
        { limit: MAX_SEALED_CHARS },
      );
    }
    this.held.push(part);
  }

  private release(): string {
    const text = this.held.join('');
    this.held = [];
    this.heldChars = 0;
    return text;
  }
}
