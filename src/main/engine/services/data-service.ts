// The whole profile as the Settings → Data and Encryption panes use it: export (sealed with a
// passphrase, or plain when asked for by name), import into an empty profile (whole, or in
// parts for a large file), delete everything, what protects the database key, and where the
// vector index lives.
import type { MethodOutputs, SecurityStatus, ValidInput } from '../../../shared/contract';
import {
  exportFileName,
  exportProfile,
  sealedExportFileName,
  sealExport,
  type ImportCounts,
  type ImportUploads,
} from '../data';
import type { KeyProvider } from '../keys';
import type { Store } from '../store';

export interface DataServiceOptions {
  store: () => Store;
  imports: ImportUploads;
  keys: KeyProvider;
  now: () => number;
  /** Settings came with the import: apply them (the Ollama host is never among them). */
  afterImport: () => void;
  /** Deletes every file of the profile and carries on as a fresh, empty one. */
  deleteAll: () => Promise<void>;
  /** Where the vector index lives: Chroma on disk, or memory only (engine/indexing/vector-location.ts). */
  vectorIndex: { inMemory: () => boolean; moveTo: (location: 'disk' | 'memory') => Promise<void> };
}

export class DataService {
  constructor(private readonly options: DataServiceOptions) {}

  /** The whole profile as one JSON file (see data/export-format.ts), sealed unless `plain` was chosen. */
  exportAll(protection: ValidInput<'data.exportAll'>): MethodOutputs['data.exportAll'] {
    const file = exportProfile(this.options.store(), this.options.now());
    const plain = {
      filename: exportFileName(file.exportedAt),
      content: JSON.stringify(file, null, 2),
      mimeType: 'application/json',
    };
    if ('plain' in protection) return plain;
    return {
      ...plain,
      filename: sealedExportFileName(plain.filename),
      content: sealExport(plain.content, protection.passphrase),
    };
  }

  /**
   * Imports an export into this profile, which must be empty (INVALID_INPUT otherwise, and
   * for a damaged file; nothing is written then). The outbox has the indexer rebuild Chroma.
   */
  async importAll(input: ValidInput<'data.importAll'>): Promise<ImportCounts> {
    const { imports } = this.options;
    const { importId } = imports.begin();
    try {
      await imports.append(importId, input.json);
      return await this.finishImport({
        importId,
        ...(input.passphrase !== undefined ? { passphrase: input.passphrase } : {}),
      });
    } finally {
      // One call, one import: a wrong passphrase here is tried again by calling again.
      imports.cancel(importId);
    }
  }

  importBegin(): MethodOutputs['data.importBegin'] {
    return this.options.imports.begin();
  }

  importPart(input: ValidInput<'data.importPart'>): Promise<MethodOutputs['data.importPart']> {
    return this.options.imports.append(input.importId, input.text);
  }

  /** `passphrase` opens an encrypted export (it is read whole, then opened, then parsed). */
  async finishImport(input: ValidInput<'data.importFinish'>): Promise<ImportCounts> {
    const counts = await this.options.imports.finish(input.importId, input.passphrase);
    this.options.afterImport();
    return counts;
  }

  importCancel(input: ValidInput<'data.importCancel'>): MethodOutputs['data.importCancel'] {
    this.options.imports.cancel(input.importId);
    return { cancelled: true };
  }

  async deleteAll(): Promise<MethodOutputs['data.deleteAll']> {
    await this.options.deleteAll();
    return { deleted: true };
  }

  /** How the data is encrypted and what protects the key (Settings → Encryption). */
  security(): SecurityStatus {
    const { keys } = this.options;
    return {
      encrypted: keys.databaseKey !== null,
      protection: keys.protection(),
      keychainAvailable: keys.keychainAvailable(),
      vectorIndexInMemory: this.options.vectorIndex.inMemory(),
    };
  }

  async keepVectorsInMemory(input: ValidInput<'security.keepVectorsInMemory'>): Promise<SecurityStatus> {
    await this.options.vectorIndex.moveTo(input.inMemory ? 'memory' : 'disk');
    return this.security();
  }

  setPassphrase(input: ValidInput<'security.setPassphrase'>): SecurityStatus {
    this.options.keys.setPassphrase(input.passphrase);
    return this.security();
  }

  removePassphrase(): SecurityStatus {
    this.options.keys.removePassphrase();
    return this.security();
  }
}
