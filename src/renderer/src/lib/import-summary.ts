// What a memory import did, in one sentence; an identical file says that nothing was new.
import type { MethodOutputs } from '../../../shared/contract';
import { plural } from './plural';

export function memoryImportSummary(counts: MethodOutputs['memory.import']): string {
  const parts = [
    counts.added > 0 && `${counts.added} added`,
    counts.merged > 0 && `${counts.merged} merged into existing ones`,
    counts.unchanged > 0 && `${counts.unchanged} already kept`,
    counts.skipped > 0 && `${counts.skipped} skipped`,
    counts.secrets > 0 && `${counts.secrets} held back because they look like passwords, keys or account numbers`,
  ].filter(Boolean);
  if (counts.added + counts.merged + counts.skipped + counts.secrets === 0) {
    return counts.unchanged > 0
      ? `Nothing new: the ${plural(counts.unchanged, 'memory', 'memories')} in that file ${counts.unchanged === 1 ? 'is' : 'are'} already kept.`
      : 'Nothing new: that file has no memories.';
  }
  return `Imported memories: ${parts.join(', ')}.`;
}
