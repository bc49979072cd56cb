// Imports memories from a file. A memory identical to one already kept (same words, category,
// and no higher importance or new pin) is left alone: re-importing the same file changes
// nothing, not even dates or history. Anything else goes through the ordinary save (merge or add).
import { hasErrorCode } from '../../../shared/errors';
import type { Memory } from '../../../shared/domain';
import type { Store } from '../store';
import type { ModelMemory } from './model-memory';
import { normalizeMemoryInput } from './validation';

export interface ImportedMemory {
  content: string;
  category?: string;
  importance?: number;
  pinned?: boolean;
}

export interface MemoryImportCounts {
  added: number;
  merged: number;
  unchanged: number;
  skipped: number;
  secrets: number;
}

export async function importMemories(
  deps: { memory: ModelMemory; store: Store },
  items: readonly ImportedMemory[],
  allowSecrets: boolean,
): Promise<MemoryImportCounts> {
  const counts: MemoryImportCounts = { added: 0, merged: 0, unchanged: 0, skipped: 0, secrets: 0 };
  for (const item of items) {
    try {
      if (alreadyKept(deps.store.memories.list(), item)) {
        counts.unchanged += 1;
        continue;
      }
      const saved = await deps.memory.save({ ...item, source: 'user', confirmSecret: allowSecrets }, 'user');
      counts[saved.outcome === 'created' ? 'added' : 'merged'] += 1;
    } catch (error) {
      counts[hasErrorCode(error, 'SECRET_DETECTED') ? 'secrets' : 'skipped'] += 1;
    }
  }
  return counts;
}

function alreadyKept(live: readonly Memory[], item: ImportedMemory): boolean {
  const clean = normalizeMemoryInput(item);
  return live.some(
    (m) =>
      m.content === clean.content &&
      (item.category === undefined || m.category === clean.category) &&
      m.importance >= clean.importance &&
      (!item.pinned || m.pinned),
  );
}
