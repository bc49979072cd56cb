// An export file sent in parts (the renderer cannot send a large file in one WebSocket frame,
// and should not hold it twice in one IPC message): `begin` opens an import, each part is read
// as it arrives, `finish` writes. One import at a time; one left unfinished is dropped after
// a quiet spell, so an abandoned tab does not keep a half-read file in memory. The file may be
// a Mnemo export or chats from ChatGPT or Open WebUI (import-run.ts tells which).
import { randomUUID } from 'node:crypto';
import { MnemoError } from '../../../shared/errors';
import { refusal } from '../problems';
import type { UserSettings } from '../config';
import type { Store } from '../store';
import type { CutText } from './cut-messages';
import type { ImportCounts, ImportProgress } from './import-all';
import { ImportRun } from './import-run';

/** How long an unfinished import may wait for its next part. */
export const IMPORT_IDLE_MS = 120_000;

interface OpenImport {
  id: string;
  run: ImportRun;
  expiry: NodeJS.Timeout;
  /** Parts are read strictly in order, even if a caller does not wait for the previous one. */
  queue: Promise<void>;
}

/** The file is whole and fine; only the passphrase was missing or wrong. */
const KEEP_OPEN_ON: ReadonlySet<string> = new Set(['PASSPHRASE_REQUIRED', 'WRONG_PASSPHRASE']);

const busy = () => refusal({ code: 'importBusy' }, { reason: 'import-busy' });
const unknown = () => refusal({ code: 'importGone' }, { reason: 'import-gone' }, { code: 'NOT_FOUND' });

export interface ImportUploadsOptions {
  store: () => Store;
  settings: () => UserSettings;
  /** Cuts a message into chunks in slices (`chunkTextInSlices`), before its write transaction. */
  cutText: CutText;
  onProgress: (progress: ImportProgress) => void;
}

export class ImportUploads {
  private current: OpenImport | null = null;
  private writing = false;

  constructor(private readonly options: ImportUploadsOptions) {}

  begin(): { importId: string } {
    if (this.current || this.writing) throw busy();
    const id = randomUUID();
    this.current = {
      id,
      run: new ImportRun(this.options.store, this.options.cutText, this.options.onProgress),
      expiry: this.expireLater(id),
      queue: Promise.resolve(),
    };
    return { importId: id };
  }

  async append(importId: string, part: string): Promise<{ receivedChars: number }> {
    const open = this.open(importId);
    open.expiry.refresh();
    const appended = open.queue.then(() => open.run.append(part));
    open.queue = appended.catch(() => undefined);
    try {
      await appended;
    } catch (error) {
      this.drop(importId);
      throw error;
    }
    return { receivedChars: open.run.receivedChars };
  }

  /** `passphrase` opens an encrypted export; a missing or wrong one leaves the import open to try again. */
  async finish(importId: string, passphrase?: string): Promise<ImportCounts> {
    const open = this.open(importId);
    await open.queue;
    open.expiry.refresh();
    try {
      await open.run.open(passphrase);
    } catch (error) {
      if (!(error instanceof MnemoError && KEEP_OPEN_ON.has(error.code))) this.drop(importId);
      throw error;
    }
    this.drop(importId);
    this.writing = true;
    try {
      return await open.run.finish(this.options.settings());
    } finally {
      this.writing = false;
    }
  }

  cancel(importId: string): void {
    if (this.current?.id === importId) this.drop(importId);
  }

  dispose(): void {
    if (this.current) this.drop(this.current.id);
  }

  private open(importId: string): OpenImport {
    if (this.current?.id !== importId) throw unknown();
    return this.current;
  }

  private drop(importId: string): void {
    if (this.current?.id !== importId) return;
    clearTimeout(this.current.expiry);
    this.current = null;
  }

  private expireLater(importId: string): NodeJS.Timeout {
    const timer = setTimeout(() => this.drop(importId), IMPORT_IDLE_MS);
    timer.unref();
    return timer;
  }
}
