// SQLite refuses a whole file that is shorter than its header says (cut by a full disk or an
// interrupted copy). A copy padded with empty pages to that length reads like a file whose last
// pages are damaged, so every page before the cut can still be read. The file itself is never changed.
import { copyFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { DATABASE_PAGE_BYTES, headerPageCount, type DatabaseKey } from '../store/cipher';

/** Runs `read` on `file`, or on a padded copy of it at `scratch` (removed afterwards) when it was cut short. */
export function withReadableLength<T>(
  file: string,
  key: DatabaseKey | null,
  scratch: string,
  read: (path: string) => T,
): T {
  const size = statSync(file).size;
  // A torn last page cannot be read (its checksum fails); it is left out, then the length made up.
  const wanted = Math.max(size - (size % DATABASE_PAGE_BYTES), (headerPageCount(file, key) ?? 0) * DATABASE_PAGE_BYTES);
  if (wanted === size) return read(file);
  try {
    copyFileSync(file, scratch);
    truncateSync(scratch, wanted);
    return read(scratch);
  } finally {
    rmSync(scratch, { force: true });
  }
}
