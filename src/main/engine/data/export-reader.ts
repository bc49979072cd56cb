// Reads an export file in parts, as it arrives, without ever holding a parse of anything it
// has not checked: each conversation, message, summary and memory is validated the moment
// its closing bracket is read, and the first bad one ends the reading. So a crafted file of
// millions of wrong records is refused after the first, in bounded memory, and a large valid
// one is parsed in slices between which the engine answers other calls.
import { JSONParser } from '@streamparser/json';
import type { z } from 'zod';
import { MAX_IMPORT_CHARS } from '../../../shared/contract';
import { MnemoError } from '../../../shared/errors';
import type { Problem } from '../../../shared/problems';
import { refusal } from '../problems';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportEntrySchemas,
  exportHeadSchema,
  type ExportFile,
  type ExportList,
} from './export-format';

const LISTS = Object.keys(exportEntrySchemas) as ExportList[];
const HEAD_FIELDS = ['format', 'version', 'exportedAt', 'schemaVersion', 'settings'] as const;

export const invalidExport = (message: string, details?: Record<string, unknown>) =>
  new MnemoError('INVALID_INPUT', message, details);

const notAnExport = () => refusal({ code: 'notJson' });
const notMnemo = (details?: Record<string, unknown>) => refusal({ code: 'notAnExport' }, details);

type Lists = { [L in ExportList]: ExportFile[L] };

export class ExportFileReader {
  private readonly parser = new JSONParser({
    paths: [...HEAD_FIELDS.map((f) => `$.${f}`), ...LISTS.map((l) => `$.${l}.*`)],
    keepStack: false,
  });
  private readonly head: Record<string, unknown> = {};
  private readonly lists: Lists = { conversations: [], messages: [], summaries: [], memories: [], turnContexts: [] };
  private readChars = 0;
  private failure: MnemoError | null = null;

  constructor() {
    this.parser.onValue = ({ value, key, stack }) => this.accept(value, key, stack.at(-1)?.key);
  }

  /** Characters read so far. */
  get chars(): number {
    return this.readChars;
  }

  /** Entries read so far, all lists together. */
  get entries(): number {
    return LISTS.reduce((sum, l) => sum + this.lists[l].length, 0);
  }

  /** Reads the next part; throws INVALID_INPUT at the first thing wrong (and on every later call). */
  write(part: string): void {
    if (this.failure) throw this.failure;
    if (this.awaitingFirstChar) this.checkOpening(part);
    this.readChars += part.length;
    if (this.readChars > MAX_IMPORT_CHARS)
      return this.fail(
        refusal({ code: 'exportTooLarge', maxMi: MAX_IMPORT_CHARS / 1024 / 1024 }, { limit: MAX_IMPORT_CHARS }),
      );
    this.guard(() => this.parser.write(part));
  }

  /** Ends the reading: the file must be one complete JSON object with an export's fields. */
  end(): { head: z.infer<typeof exportHeadSchema>; lists: Lists } {
    if (this.failure) throw this.failure;
    // The parser ends itself when the top-level value closes; anything short of that is cut off.
    if (!this.parser.isEnded) return this.fail(refusal({ code: 'exportIncomplete' }));
    const head = exportHeadSchema.safeParse(this.head);
    if (!head.success)
      return this.fail(refusal(damaged(head.error.issues[0]), { path: head.error.issues[0]?.path.map(String) ?? [] }));
    return { head: head.data, lists: this.lists };
  }

  private accept(value: unknown, key: string | number | undefined, parentKey: string | number | undefined): void {
    if (typeof key === 'string') return this.acceptHead(key, value);
    const list = parentKey as ExportList;
    const parsed = exportEntrySchemas[list].safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw refusal(damaged(issue, [list, String(key)]), {
        path: [list, String(key), ...(issue?.path.map(String) ?? [])],
      });
    }
    (this.lists[list] as unknown[]).push(parsed.data);
  }

  /** Format and version are checked as soon as they are read, so a foreign file stops early. */
  private acceptHead(field: string, value: unknown): void {
    this.head[field] = value;
    if (field === 'format' && value !== EXPORT_FORMAT)
      throw notMnemo({ format: typeof value === 'string' ? value.slice(0, 100) : null });
    if (field === 'version' && value !== EXPORT_VERSION) {
      throw refusal(
        { code: 'exportVersion', version: String(value).slice(0, 20), supported: EXPORT_VERSION },
        { version: typeof value === 'number' ? value : null, supported: EXPORT_VERSION },
      );
    }
  }

  private awaitingFirstChar = true;

  /** An export is one JSON object: anything else (a bare array of records, say) is refused before it is built. */
  private checkOpening(part: string): void {
    const first = part.trimStart()[0];
    if (first === undefined) return;
    this.awaitingFirstChar = false;
    if (first !== '{') this.fail(notMnemo());
  }

  private guard(work: () => void): void {
    try {
      work();
    } catch (error) {
      this.fail(error instanceof MnemoError ? error : notAnExport());
    }
  }

  private fail(error: MnemoError): never {
    this.failure = error;
    throw error;
  }
}

/** Where the file is wrong, and the schema's own words for what is wrong there. */
function damaged(issue: z.core.$ZodIssue | undefined, at: string[] = []): Problem {
  if (!issue) return { code: 'exportDamaged', at: 'file', issue: 'wrong shape' };
  const path = [...at, ...issue.path.map(String)].join('.');
  return { code: 'exportDamaged', at: path || 'file', issue: issue.message };
}
