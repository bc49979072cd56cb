// One import, whatever the file: its first character decides which reader takes it. A Mnemo
// export (plain or encrypted) is one JSON object and goes only into an empty profile; chats
// from ChatGPT or Open WebUI are a JSON array and go into any profile (chat-import.ts).
import {
  MAX_IMPORT_CHARS,
  type ImportCounts,
  type ImportProgressEvent as ImportProgress,
} from '../../../shared/contract';
import type { UserSettings } from '../config';
import type { Store } from '../store';
import { ChatExportImport } from './chat-import';
import type { CutText } from './cut-messages';
import { invalidExport as invalid } from './export-reader';
import { emptyProfileOnly, ProfileImport } from './import-all';

const onlyBlanks = () =>
  invalid(
    `That file is too large to import: more than ${MAX_IMPORT_CHARS / 1024 / 1024} Mi characters of blank space and nothing else yet.`,
    { limit: MAX_IMPORT_CHARS },
  );

export class ImportRun {
  private reader: ProfileImport | ChatExportImport | null = null;
  /**
   * Blank text before the first character, counted and never kept: it means nothing to JSON, and
   * a file of nothing but blanks must not grow memory part after part.
   */
  private leadingBlanks = 0;

  constructor(
    private readonly store: () => Store,
    private readonly cutText: CutText,
    private readonly onProgress: (progress: ImportProgress) => void,
  ) {}

  get receivedChars(): number {
    return (this.reader?.receivedChars ?? 0) + this.leadingBlanks;
  }

  async append(part: string): Promise<void> {
    if (this.reader) return this.reader.append(part);
    const text = part.trimStart();
    this.leadingBlanks += part.length - text.length;
    if (this.leadingBlanks > MAX_IMPORT_CHARS) throw onlyBlanks();
    const first = text[0];
    if (first === undefined) return;
    this.reader =
      first === '['
        ? new ChatExportImport(this.cutText, this.onProgress)
        : new ProfileImport(this.cutText, this.onProgress);
    // Said at once, not after the whole file was sent.
    if (this.reader instanceof ProfileImport && !this.store().isEmpty()) throw emptyProfileOnly(this.store());
    return this.reader.append(text);
  }

  /** Opens an encrypted Mnemo export with its passphrase; nothing to open otherwise. */
  async open(passphrase: string | undefined): Promise<void> {
    if (!this.reader) throw invalid('That file is empty, so there is nothing to import.');
    if (this.reader instanceof ProfileImport) await this.reader.open(passphrase);
  }

  finish(settings: UserSettings): Promise<ImportCounts> {
    if (!this.reader) throw invalid('That file is empty, so there is nothing to import.');
    return this.reader instanceof ProfileImport
      ? this.reader.finish(this.store(), settings)
      : this.reader.finish(this.store());
  }
}
