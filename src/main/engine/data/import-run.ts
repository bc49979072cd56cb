// One import, whatever the file: its first character decides which reader takes it. A Mnemo
// export (plain or encrypted) is one JSON object and goes only into an empty profile; chats
// from ChatGPT or Open WebUI are a JSON array and go into any profile (chat-import.ts).
import type { ImportCounts, ImportProgressEvent as ImportProgress } from '../../../shared/contract';
import type { UserSettings } from '../config';
import type { Store } from '../store';
import { ChatExportImport } from './chat-import';
import type { CutText } from './cut-messages';
import { invalidExport as invalid } from './export-reader';
import { emptyProfileOnly, ProfileImport } from './import-all';

export class ImportRun {
  private reader: ProfileImport | ChatExportImport | null = null;
  /** Blank text before the first character. */
  private lead = '';

  constructor(
    private readonly store: () => Store,
    private readonly cutText: CutText,
    private readonly onProgress: (progress: ImportProgress) => void,
  ) {}

  get receivedChars(): number {
    return (this.reader?.receivedChars ?? 0) + this.lead.length;
  }

  async append(part: string): Promise<void> {
    if (this.reader) return this.reader.append(part);
    const text = this.lead + part;
    const first = text.trimStart()[0];
    if (first === undefined) {
      this.lead = text;
      return;
    }
    this.lead = '';
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
